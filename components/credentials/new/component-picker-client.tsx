"use client";

import Link from "next/link";
import { useDeferredValue, useId, useState } from "react";
import { TextField } from "@/components/ui/field";
import { ComponentLogo } from "../component-logo";

export type PickerItem = { id: string; name: string; category: string; logo: string | null };

/**
 * Step 1: every catalogue component as a link to step 2 (`?component=`), filtered as
 * you type by name or category. Links keep the step in the URL and work with the keyboard.
 */
export function ComponentPicker({ items }: { items: PickerItem[] }) {
  const [search, setSearch] = useState("");
  const deferred = useDeferredValue(search);
  const countId = useId();
  const needle = deferred.trim().toLowerCase();
  const shown = needle
    ? items.filter((i) => i.name.toLowerCase().includes(needle) || i.category.toLowerCase().includes(needle))
    : items;

  return (
    <div className="space-y-4">
      <div className="max-w-sm">
        <TextField
          label="Search apps"
          type="search"
          autoComplete="off"
          placeholder="Name or category, e.g. Slack or CRM"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          aria-controls={countId}
        />
      </div>
      <p id={countId} role="status" aria-live="polite" className="text-sm text-slate-600">
        {shown.length === 0
          ? `No app matches "${deferred.trim()}".`
          : `${shown.length} ${shown.length === 1 ? "app" : "apps"}`}
      </p>
      <ul aria-label="Apps" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {shown.map((item) => (
          <li key={item.id}>
            <Link
              href={`/credentials/new?component=${encodeURIComponent(item.id)}`}
              aria-describedby={`category-${item.id}`}
              className="flex items-center gap-3 rounded-lg bg-white px-4 py-3 shadow-sm ring-1 ring-slate-200 hover:ring-brand-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
            >
              <ComponentLogo name={item.name} logo={item.logo} />
              <span className="min-w-0">
                <span className="block truncate text-sm font-medium text-slate-900">{item.name}</span>
                <span id={`category-${item.id}`} aria-hidden="true" className="block text-xs text-slate-500">
                  {item.category}
                </span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
