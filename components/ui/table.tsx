import type { ComponentProps } from "react";
import { cn } from "./cn";

// The wrapper is `relative` so that absolutely positioned pieces inside (every `sr-only`
// label) scroll with the table: otherwise they sit at the table's far right, outside any
// scroll box, and widen the whole page on a phone.
// Scroll shadows: a soft edge shows there is more table to the left or right. The white
// covers scroll with the content ("local") and hide the shadows at either end.
const scrollShadows =
  "linear-gradient(to right, #fff 30%, rgb(255 255 255 / 0)) left / 2.5rem 100% no-repeat local, " +
  "linear-gradient(to left, #fff 30%, rgb(255 255 255 / 0)) right / 2.5rem 100% no-repeat local, " +
  "radial-gradient(farthest-side at 0 50%, rgb(15 23 42 / 0.18), rgb(15 23 42 / 0)) left / 0.75rem 100% no-repeat scroll, " +
  "radial-gradient(farthest-side at 100% 50%, rgb(15 23 42 / 0.18), rgb(15 23 42 / 0)) right / 0.75rem 100% no-repeat scroll";

// Below 640 px a `stack` table shows each row as a small card: header row hidden (still read
// by screen readers), each cell on its own line with its `label`.
const stacked = [
  "max-sm:block max-sm:[&_thead]:sr-only max-sm:[&_tbody]:block max-sm:[&_tr]:block max-sm:[&_tr]:px-5 max-sm:[&_tr]:py-3",
  "max-sm:[&_td]:flex max-sm:[&_td]:flex-wrap max-sm:[&_td]:items-center max-sm:[&_td]:justify-between",
  "max-sm:[&_td]:gap-x-4 max-sm:[&_td]:gap-y-1 max-sm:[&_td]:px-0 max-sm:[&_td]:py-1 max-sm:[&_td]:text-left",
  "max-sm:[&_[data-cell-label]]:inline",
].join(" ");

/**
 * A table with a caption (its accessible name); pass `captionHidden` when a heading already
 * shows it. Too wide for its card, it scrolls sideways inside it, with shadows at the cut
 * edges and keyboard focus so it can be scrolled without a mouse. With `stack` (give the
 * cells a `label`), rows become stacked cards on narrow screens instead.
 */
export function Table({
  caption,
  captionHidden = true,
  stack = false,
  className,
  children,
  ...props
}: ComponentProps<"table"> & { caption: string; captionHidden?: boolean; stack?: boolean }) {
  return (
    <div
      role="group"
      aria-label={caption}
      tabIndex={0}
      className="relative overflow-x-auto focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
      style={{ background: scrollShadows }}
    >
      <table className={cn("min-w-full divide-y divide-slate-200 text-sm", stack && stacked, className)} {...props}>
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
  // No background of its own: the card is white, and the scroll shadows must show through.
  return <tbody className="divide-y divide-slate-100" {...props} />;
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

/** A cell; `label` (its column's name) is shown beside the value when a `stack` table is stacked. */
export function Td({ className, label, children, ...props }: ComponentProps<"td"> & { label?: string }) {
  return (
    <td className={cn("px-5 py-3 align-middle text-slate-800", className)} {...props}>
      {label ? (
        <span data-cell-label className="hidden text-xs font-medium text-slate-600">
          {label}
        </span>
      ) : null}
      {children}
    </td>
  );
}
