"use client";

import { Collapsible } from "radix-ui";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";

/**
 * Below 768 px the dashboard's filters fold behind one "Filters (n)" button (a radix-ui
 * Collapsible: `aria-expanded`, and `aria-controls` naming the panels it shows); the search box
 * stays in view. From 768 px the button is hidden and every field shows, as before. The root is
 * `display: contents`, so the fields stay items of the form's own flex row; each panel
 * (`FilterPanel`) hides itself from the root's `data-state`. Without JavaScript the toolbar's
 * `<noscript>` style shows the panels and hides the button, and the form is a plain GET form.
 */
export function FiltersDisclosure({
  active,
  panelIds,
  children,
}: {
  /** How many filters inside the panels are set, shown on the button. */
  active: number;
  panelIds: string[];
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Collapsible.Root open={open} onOpenChange={setOpen} className="group/filters contents">
      <Collapsible.Trigger asChild>
        <Button variant="secondary" data-filter-trigger="" aria-controls={panelIds.join(" ")} className="md:hidden">
          <svg
            aria-hidden="true"
            viewBox="0 0 20 20"
            fill="currentColor"
            className={`size-4 shrink-0 text-slate-500 transition-transform ${open ? "rotate-90" : ""}`}
          >
            <path d="M7.2 4.2a.75.75 0 0 1 1.06 0l5.25 5.25a.75.75 0 0 1 0 1.06l-5.25 5.25a.75.75 0 1 1-1.06-1.06L11.92 10 7.2 5.28a.75.75 0 0 1 0-1.06Z" />
          </svg>
          {active > 0 ? `Filters (${active})` : "Filters"}
        </Button>
      </Collapsible.Trigger>
      {children}
    </Collapsible.Root>
  );
}
