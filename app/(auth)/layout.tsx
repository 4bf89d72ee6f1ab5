import type { ReactNode } from "react";

/** Centred card for the signed-out pages. */
export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <p className="mb-6 text-lg font-semibold tracking-tight text-brand-700">Integration Center</p>
      <div className="w-full max-w-sm rounded-lg bg-white px-6 py-8 shadow-sm ring-1 ring-slate-200">{children}</div>
    </main>
  );
}
