import type { ReactNode } from "react";

/** Why the embed cannot go on (no session, an ended one, a bad link), and what to do. */
export function Problem({ title, help, children }: { title: string; help?: string; children?: ReactNode }) {
  return (
    <div className="rounded-lg bg-white px-4 py-4 shadow-sm ring-1 ring-slate-200">
      <h2 className="text-base font-semibold text-slate-900">{title}</h2>
      {help ? <p className="mt-1 text-sm text-slate-600">{help}</p> : null}
      {children ? <div className="mt-3">{children}</div> : null}
    </div>
  );
}
