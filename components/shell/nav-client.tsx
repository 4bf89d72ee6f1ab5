"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useId } from "react";
import { cn } from "@/components/ui/cn";

export type NavItem = { href: string; label: string };
export type NavSection = { label?: string; items: NavItem[] };

// A sub-page marks its section: /credentials/… belongs to Credentials (at "/"), /settings/auth-clients/new to Auth clients.
function isActive(pathname: string, href: string) {
  if (href === "/") return pathname === "/" || pathname.startsWith("/credentials/");
  return pathname === href || pathname.startsWith(href + "/");
}

/** The dashboard's side navigation; the current page is marked with `aria-current`. */
export function Nav({ sections }: { sections: NavSection[] }) {
  const pathname = usePathname();
  // The phone menu renders a second copy while the (hidden) sidebar stays in the DOM: ids must differ.
  const idPrefix = useId();
  return (
    <nav aria-label="Main" className="space-y-6">
      {sections.map((section, i) => (
        <div key={section.label ?? i}>
          {section.label ? (
            <p
              id={`${idPrefix}-${i}`}
              className="px-3 pb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase"
            >
              {section.label}
            </p>
          ) : null}
          <ul className="space-y-0.5" aria-labelledby={section.label ? `${idPrefix}-${i}` : undefined}>
            {section.items.map((item) => {
              const active = isActive(pathname, item.href);
              return (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    aria-current={active ? "page" : undefined}
                    className={cn(
                      "block rounded-md px-3 py-2 text-sm font-medium",
                      active ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100",
                    )}
                  >
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}
