"use client";

import Link from "next/link";
import { Dialog } from "radix-ui";
import { useState, type MouseEvent, type ReactNode } from "react";
import { Nav, type NavSection } from "./nav-client";

/**
 * The navigation below 768 px: a top bar with a Menu button that opens the sidebar as a
 * modal sheet (radix-ui Dialog: aria-expanded on the button, focus kept inside, Escape or
 * a tap outside closes it, focus returns to the button). Following a link closes it.
 */
export function MobileNav({
  sections,
  header,
  footer,
}: {
  sections: NavSection[];
  /** The organisation block shown above the links. */
  header: ReactNode;
  /** The signed-in account and Sign out, shown below the links. */
  footer: ReactNode;
}) {
  const [open, setOpen] = useState(false);

  // Any link in the sheet navigates, so the sheet closes, including a link to the page already open.
  function closeOnLink(e: MouseEvent) {
    if ((e.target as HTMLElement).closest("a")) setOpen(false);
  }

  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <header className="sticky top-0 z-40 flex items-center justify-between gap-3 border-b border-slate-200 bg-white px-4 py-3 md:hidden">
        <Link href="/" className="text-base font-semibold tracking-tight text-brand-700">
          Integration Center
        </Link>
        <Dialog.Trigger className="inline-flex items-center gap-2 rounded-md px-3 py-2 text-sm font-medium text-slate-800 ring-1 ring-slate-300 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600">
          <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4" fill="currentColor">
            <path d="M3 5h14v2H3zm0 4h14v2H3zm0 4h14v2H3z" />
          </svg>
          Menu
        </Dialog.Trigger>
      </header>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-50 bg-slate-900/40 md:hidden" />
        <Dialog.Content
          onClick={closeOnLink}
          className="fixed inset-y-0 left-0 z-50 flex w-72 max-w-[85vw] flex-col overflow-y-auto bg-white shadow-xl focus:outline-none md:hidden"
        >
          <div className="flex items-start justify-between gap-2 pr-3">
            <Dialog.Title className="sr-only">Menu</Dialog.Title>
            <Dialog.Description className="sr-only">Pages of the dashboard and your account</Dialog.Description>
            <div className="min-w-0 flex-1">{header}</div>
            <Dialog.Close
              aria-label="Close menu"
              className="mt-4 rounded-md p-2 text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-600"
            >
              <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4" fill="currentColor">
                <path d="m5.3 4 10.7 10.7-1.3 1.3L4 5.3zM14.7 4 16 5.3 5.3 16 4 14.7z" />
              </svg>
            </Dialog.Close>
          </div>
          <div className="flex-1 px-2 pb-4">
            <Nav sections={sections} />
          </div>
          {footer}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
