import Link from "next/link";
import { cn } from "@/components/ui/cn";

const steps = ["Choose an app", "Choose how to connect", "Enter the details"] as const;

/** Where the person is in the three steps; earlier steps link back (their URLs keep the choices). */
export function Steps({ current, hrefs }: { current: 1 | 2 | 3; hrefs: Partial<Record<1 | 2, string>> }) {
  return (
    <nav aria-label="Steps" className="mb-6">
      <ol className="flex flex-wrap gap-x-6 gap-y-2 text-sm">
        {steps.map((label, i) => {
          const n = (i + 1) as 1 | 2 | 3;
          const href = n < current ? hrefs[n as 1 | 2] : undefined;
          const text = `${n}. ${label}`;
          return (
            <li key={label} className={cn(n === current ? "font-semibold text-brand-700" : "text-slate-500")}>
              {n === current ? (
                <span aria-current="step">{text}</span>
              ) : href ? (
                <Link href={href} className="text-brand-600 underline-offset-2 hover:underline">
                  {text}
                </Link>
              ) : (
                text
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
