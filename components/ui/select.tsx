import type { ComponentProps } from "react";
import { controlClass } from "./input";
import { cn } from "./cn";

export type SelectOption = { value: string; label: string };

export function Select({
  options,
  className,
  ...props
}: ComponentProps<"select"> & { options: readonly SelectOption[] }) {
  return (
    <select className={cn(controlClass, "pr-8", className)} {...props}>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
