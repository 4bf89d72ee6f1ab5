import { CopyCodeButton } from "./copy-code-client";

/** Preformatted code that scrolls instead of breaking the layout, with a Copy button named by `label`. */
export function CodeBlock({ children, label = "Copy code" }: { children: string; label?: string }) {
  return (
    <div className="relative">
      {/* Focusable: a long line scrolls, and keyboard users must be able to scroll it too. */}
      <pre
        tabIndex={0}
        className="max-h-[32rem] overflow-auto rounded-md bg-slate-900 py-3 pr-20 pl-4 font-mono text-xs leading-relaxed text-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
      >
        <code>{children}</code>
      </pre>
      <div className="absolute top-2 right-2">
        <CopyCodeButton text={children} label={label} />
      </div>
    </div>
  );
}
