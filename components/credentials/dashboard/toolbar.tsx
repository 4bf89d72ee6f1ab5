import Link from "next/link";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { statusOptions } from "../status-badge";
import { typeOptions } from "../labels";
import { FilterForm } from "./filter-form-client";
import { dashboardHref, hasFilters, type DashboardQuery } from "./query";

type Workspace = { slug: string; name: string };

/**
 * A GET form, so the URL is the state: filters survive a reload and can be shared.
 * Submitting leaves `page` out, so a new filter starts on page 1.
 */
export function DashboardToolbar({ query, workspaces }: { query: DashboardQuery; workspaces: Workspace[] }) {
  return (
    <FilterForm
      // Remount on navigation, so inputs show the new URL's values (they are uncontrolled).
      key={dashboardHref(query)}
      action="/"
      role="search"
      aria-label="Filter credentials"
      className="flex flex-wrap items-end gap-3"
    >
      <div className="w-44">
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
      <div className="w-56">
        <TextField
          label="Search by name"
          name="q"
          type="search"
          defaultValue={query.q ?? ""}
          maxLength={200}
          autoComplete="off"
          placeholder="e.g. Billing"
        />
      </div>
      <div className="w-36">
        <SelectField
          label="Status"
          name="status"
          defaultValue={query.status ?? ""}
          options={[{ value: "", label: "Any status" }, ...statusOptions]}
        />
      </div>
      <div className="w-44">
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
      <Button type="submit">Apply</Button>
      {hasFilters(query) ? (
        <Link href="/" className="px-1 py-2 text-sm font-medium text-brand-600 hover:text-brand-700">
          Clear filters
        </Link>
      ) : null}
    </FilterForm>
  );
}
