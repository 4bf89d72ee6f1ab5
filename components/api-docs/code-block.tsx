/** Preformatted code that scrolls instead of breaking the layout. */
export function CodeBlock({ children }: { children: string }) {
  return (
    <pre className="max-h-[32rem] overflow-auto rounded-md bg-slate-900 px-4 py-3 font-mono text-xs leading-relaxed text-slate-100">
      <code>{children}</code>
    </pre>
  );
}
