import Form from "next/form";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import type { AuditQuery } from "./audit-query";

/** Every action the service records, plus one from the URL that is not (an old link), so it still shows. */
function actionOptions(current: string | undefined) {
  const actions: string[] = [...AUDIT_ACTIONS].sort();
  if (current && !actions.includes(current)) actions.unshift(current);
  return [{ value: "", label: "All actions" }, ...actions.map((a) => ({ value: a, label: a }))];
}

/**
 * A GET form, so filters live in the URL: they survive a reload and can be shared.
 * `next/form` navigates on the client; without JavaScript it is a plain form. Submitting
 * leaves `page` out, so a new filter starts on page 1.
 */
export function AuditFilters({ query }: { query: AuditQuery }) {
  const active = Boolean(query.action || query.targetId);
  return (
    <Form action="/audit" role="search" aria-label="Filter audit events" className="flex flex-wrap items-end gap-3">
      <div className="w-64">
        <SelectField
          label="Action"
          name="action"
          defaultValue={query.action ?? ""}
          options={actionOptions(query.action)}
        />
      </div>
      <div className="w-80">
        <TextField
          label="Target ID"
          name="targetId"
          defaultValue={query.targetId ?? ""}
          placeholder="e.g. a secret's id"
          maxLength={100}
          autoComplete="off"
          spellCheck={false}
        />
      </div>
      <Button type="submit">Apply filters</Button>
      {active ? (
        <Link href="/audit" className="px-1 py-2 text-sm font-medium text-brand-600 hover:text-brand-700">
          Clear filters
        </Link>
      ) : null}
    </Form>
  );
}
