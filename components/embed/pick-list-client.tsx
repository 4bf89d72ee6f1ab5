"use client";

import { messages as m } from "@/app/embed/messages";
import { ComponentLogo } from "@/components/credentials/component-logo";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/components/ui/use-hydrated";
import { ConnectionRow, type RowActions } from "./connection-row-client";
import type { Connection, EmbedComponent } from "./types";

type Props = {
  component: EmbedComponent;
  connections: Connection[];
  highlight: string | null;
  actions: RowActions;
  onAdd: () => void;
  onSelect: (c: Connection) => void;
};

/**
 * Pick mode, for flow builders: the end user's credentials for one component (in the
 * session's workspace), each with its status; an active one can be chosen, which tells the
 * host `connection.selected`. "Add new" goes through the same form and dry run, so a new
 * credential is proved before it is in this list to choose.
 */
export function PickList({ component, connections, highlight, actions, onAdd, onSelect }: Props) {
  const hydrated = useHydrated();
  const app = component.form.name;
  const items = connections.filter((c) => c.componentId === component.form.id);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex items-center gap-2">
          <ComponentLogo name={app} logo={component.form.logo} />
          <h2 className="text-base font-semibold text-slate-900">{m.pickHeading(app)}</h2>
        </div>
        <Button variant="secondary" onClick={onAdd}>
          {m.addNew}
        </Button>
      </div>
      {items.length === 0 ? <p className="text-sm text-slate-600">{m.pickEmpty(app)}</p> : null}
      <ul aria-label={m.pickHeading(app)} className="space-y-2">
        {items.map((c) => (
          <ConnectionRow
            key={c.id}
            connection={c}
            component={component}
            highlighted={c.id === highlight}
            {...actions}
            primary={
              <>
                <Button
                  size="sm"
                  aria-label={m.pickUseNamed(c.name)}
                  aria-describedby={c.status === "active" ? undefined : `pick-${c.id}`}
                  disabled={!hydrated || c.status !== "active"}
                  onClick={() => onSelect(c)}
                >
                  {m.pickUse}
                </Button>
                {c.status === "active" ? null : (
                  <span id={`pick-${c.id}`} className="self-center text-xs text-slate-600">
                    {m.pickNotActive}
                  </span>
                )}
              </>
            }
          />
        ))}
      </ul>
    </div>
  );
}
