import type { ReactNode } from "react";

/**
 * A full page for "not found" and "something went wrong": the brand, a code, a heading,
 * plain words and the ways back. Used where no dashboard shell is around it.
 */
export function StatusPage({
  code,
  title,
  children,
  actions,
}: {
  code: string;
  title: string;
  children: ReactNode;
  actions: ReactNode;
}) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <p className="mb-6 text-lg font-semibold tracking-tight text-brand-700">Integration Center</p>
      <div className="w-full max-w-md rounded-lg bg-white px-6 py-8 text-center shadow-sm ring-1 ring-slate-200">
        <StatusBody code={code} title={title} actions={actions}>
          {children}
        </StatusBody>
      </div>
    </main>
  );
}

/** The same content inside the dashboard shell (its own `main` is already there). */
export function StatusBody({
  code,
  title,
  children,
  actions,
}: {
  code: string;
  title: string;
  children: ReactNode;
  actions: ReactNode;
}) {
  return (
    <div className="py-6 text-center">
      <p className="font-mono text-sm font-semibold text-brand-600">{code}</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
      <div className="mx-auto mt-3 max-w-md text-sm text-slate-600">{children}</div>
      <div className="mt-6 flex flex-wrap justify-center gap-3">{actions}</div>
    </div>
  );
}
