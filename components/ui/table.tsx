import type { ComponentProps } from "react";
import { cn } from "./cn";

/** A table with a caption (its accessible name); pass `captionHidden` when a heading already shows it. */
export function Table({
  caption,
  captionHidden = true,
  className,
  children,
  ...props
}: ComponentProps<"table"> & { caption: string; captionHidden?: boolean }) {
  return (
    <div className="overflow-x-auto">
      <table className={cn("min-w-full divide-y divide-slate-200 text-sm", className)} {...props}>
        <caption className={captionHidden ? "sr-only" : "px-5 py-2 text-left text-sm text-slate-600"}>
          {caption}
        </caption>
        {children}
      </table>
    </div>
  );
}

export function THead(props: ComponentProps<"thead">) {
  return <thead className="bg-slate-50" {...props} />;
}

export function TBody(props: ComponentProps<"tbody">) {
  return <tbody className="divide-y divide-slate-100 bg-white" {...props} />;
}

export function Th({ className, ...props }: ComponentProps<"th">) {
  return (
    <th
      scope="col"
      className={cn("px-5 py-2.5 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase", className)}
      {...props}
    />
  );
}

export function Td({ className, ...props }: ComponentProps<"td">) {
  return <td className={cn("px-5 py-3 align-middle text-slate-800", className)} {...props} />;
}
