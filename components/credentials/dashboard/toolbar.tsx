import Link from "next/link";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { statusOptions } from "../status-badge";
import { typeOptions } from "../labels";
import { FilterForm } from "./filter-form-client";
import { FiltersDisclosure } from "./filters-disclosure-client";
import { groupView } from "./groups";
import { dashboardHref, foldedFilterCount, hasFilters, NO_COMPONENT, type DashboardQuery } from "./query";

type Workspace = { slug: string; name: string };

/** The app filter's choices: the components the tenant holds credentials for, and the one asked for. */
function appOptions(apps: (string | null)[], current: string | null | undefined) {
  const ids = current !== undefined && !apps.includes(current) ? [...apps, current] : apps;
  return [
    { value: "", label: "All apps" },
    ...ids.map((id) => ({ value: id ?? NO_COMPONENT, label: groupView(id).name })),
  ];
}

const PANELS = ["dashboard-filters-app", "dashboard-filters-more"];

/**
 * Fields a phone hides until "Filters" is opened: a column below 768 px, and from 768 px
 * `display: contents`, so its fields sit in the form's row as if the panel were not there.
 */
function FilterPanel({ id, children }: { id: string; children: ReactNode }) {
  return (
    <div
      id={id}
      data-filter-panel=""
      className="flex w-full flex-col gap-3 group-data-[state=closed]/filters:max-md:hidden md:contents"
    >
      {children}
    </div>
  );
}

// Without JavaScript the button cannot open anything: show the fields instead. Unlayered, so it
// wins over the Tailwind utilities (which sit in a cascade layer).
const NO_SCRIPT_STYLE =
  "@media (width < 48rem) { [data-filter-panel] { display: flex; } [data-filter-trigger] { display: none; } }";

/**
 * A GET form, so the URL is the state: filters survive a reload and can be shared.
 * Submitting leaves `page` out, so a new filter starts on page 1. On a phone only the search
 * box and a "Filters (n)" button show until the button is pressed (FiltersDisclosure).
 */
export function DashboardToolbar({
  query,
  workspaces,
  apps,
}: {
  query: DashboardQuery;
  workspaces: Workspace[];
  apps: (string | null)[];
}) {
  return (
    <FilterForm
      // Remount on navigation, so inputs show the new URL's values (they are uncontrolled).
      key={dashboardHref(query)}
      action="/"
      role="search"
      aria-label="Filter credentials"
      className="flex flex-wrap items-end gap-3"
    >
      <noscript>
        <style>{NO_SCRIPT_STYLE}</style>
      </noscript>
      <FiltersDisclosure active={foldedFilterCount(query)} panelIds={PANELS}>
        <FilterPanel id={PANELS[0]}>
          <div className="w-full md:w-44">
            <SelectField
              label="App"
              name="component"
              defaultValue={query.component === undefined ? "" : (query.component ?? NO_COMPONENT)}
              options={appOptions(apps, query.component)}
            />
          </div>
          <div className="w-full md:w-44">
            <SelectField
              label="Workspace"
              name="workspace"
              defaultValue={query.workspace ?? ""}
              options={[
                { value: "", label: "All workspaces" },
                ...workspaces.map((w) => ({ value: w.slug, label: w.name })),
              ]}
            />
          </div>
        </FilterPanel>
        <div className="min-w-0 flex-1 sm:w-56 sm:flex-none">
          <TextField
            label="Search by name or end user"
            name="q"
            type="search"
            defaultValue={query.q ?? ""}
            maxLength={200}
            autoComplete="off"
            placeholder="e.g. Billing or cust-42"
          />
        </div>
        <FilterPanel id={PANELS[1]}>
          <div className="w-full md:w-44">
            <TextField
              label="Owner (end user)"
              name="owner"
              defaultValue={query.owner ?? ""}
              maxLength={200}
              autoComplete="off"
              placeholder="Exact username"
            />
          </div>
          <div className="w-full md:w-36">
            <SelectField
              label="Status"
              name="status"
              defaultValue={query.status ?? ""}
              options={[
                { value: "", label: "Any status" },
                ...statusOptions,
                { value: "expiring", label: "Expiring soon" },
              ]}
            />
          </div>
          <div className="w-full md:w-44">
            <SelectField
              label="Type"
              name="type"
              defaultValue={query.type ?? ""}
              options={[{ value: "", label: "Any type" }, ...typeOptions]}
            />
          </div>
          <label className="flex items-center gap-2 py-2 text-sm font-medium text-slate-700">
            <input
              type="checkbox"
              name="attention"
              value="1"
              defaultChecked={!!query.attention}
              className="size-4 rounded border-slate-300 text-brand-600"
            />
            Needs attention
          </label>
        </FilterPanel>
        <div className="flex w-full items-center gap-3 md:contents">
          <Button type="submit">Apply</Button>
          {hasFilters(query) ? (
            <Link href="/" className="px-1 py-2 text-sm font-medium text-brand-600 hover:text-brand-700">
              Clear filters
            </Link>
          ) : null}
        </div>
      </FiltersDisclosure>
    </FilterForm>
  );
}
