import { useId, type ComponentProps } from "react";
import { Label } from "@/components/ui/label";

/** A labelled checkbox with a hint, for the auth-client forms; spread `register(...)` into it. */
export function Checkbox({ label, hint, ...props }: { label: string; hint: string } & ComponentProps<"input">) {
  const id = useId();
  return (
    <div className="flex items-start gap-2 pt-6">
      <input
        id={id}
        type="checkbox"
        className="mt-0.5 size-4 rounded border-slate-300"
        aria-describedby={`${id}-hint`}
        {...props}
      />
      <div>
        <Label htmlFor={id}>{label}</Label>
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      </div>
    </div>
  );
}
