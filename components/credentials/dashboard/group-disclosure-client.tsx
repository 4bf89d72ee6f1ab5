"use client";

import { useState, type ReactNode } from "react";

/**
 * A group's header and its collapsible body (the disclosure pattern: a button inside the
 * heading, with `aria-expanded` and `aria-controls`). Open by default, so the list reads the
 * same without JavaScript; collapsing is a view choice and lives only in this page's state.
 */
export function GroupDisclosure({
  headingId,
  name,
  icon,
  badge,
  children,
}: {
  headingId: string;
  name: string;
  icon: ReactNode;
  badge: ReactNode;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(true);
  const panelId = `${headingId}-panel`;
  return (
    <>
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 px-4 py-3 md:px-5">
        {icon}
        <h2 id={headingId} className="text-base font-semibold text-slate-900">
          <button
            type="button"
            aria-expanded={open}
            aria-controls={panelId}
            onClick={() => setOpen((o) => !o)}
            className="inline-flex items-center gap-1.5 rounded-md text-left hover:text-brand-700 focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none"
          >
            <svg
              aria-hidden="true"
              viewBox="0 0 20 20"
              fill="currentColor"
              className={`size-4 shrink-0 text-slate-500 transition-transform ${open ? "rotate-90" : ""}`}
            >
              <path d="M7.2 4.2a.75.75 0 0 1 1.06 0l5.25 5.25a.75.75 0 0 1 0 1.06l-5.25 5.25a.75.75 0 1 1-1.06-1.06L11.92 10 7.2 5.28a.75.75 0 0 1 0-1.06Z" />
            </svg>
            {name}
          </button>
        </h2>
        {badge}
      </div>
      <div id={panelId} hidden={!open}>
        {children}
      </div>
    </>
  );
}
