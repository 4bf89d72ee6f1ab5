import { messages as m } from "@/app/embed/messages";
import { ComponentLogo } from "@/components/credentials/component-logo";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConnectionRow, type RowActions } from "./connection-row-client";
import type { Connection, EmbedComponent } from "./types";

type Props = {
  connections: Connection[];
  components: Map<string, EmbedComponent>;
  highlight: string | null;
  actions: RowActions;
  onAdd: () => void;
};

/** The end user's connections, one titled group per app, in the order the apps first appear. */
export function ConnectionGroups({ connections, components, highlight, actions, onAdd }: Props) {
  const groups = new Map<string, Connection[]>();
  for (const c of connections) {
    const key = c.componentId ?? "";
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-base font-semibold text-slate-900">{m.connectionsHeading}</h2>
        <Button onClick={onAdd} disabled={components.size === 0}>
          {m.addConnection}
        </Button>
      </div>
      {connections.length === 0 ? <p className="text-sm text-slate-600">{m.connectionsEmpty}</p> : null}
      {[...groups].map(([componentId, items]) => {
        const component = components.get(componentId);
        const name = component?.form.name ?? (componentId || m.title);
        const headingId = `group-${componentId || "none"}`;
        return (
          <section key={componentId} aria-labelledby={headingId} className="space-y-2">
            <div className="flex items-center gap-2">
              <ComponentLogo name={name} logo={component?.form.logo} size="sm" />
              <h3 id={headingId} className="text-sm font-semibold text-slate-900">
                {name}
              </h3>
              <Badge>{m.countBadge(items.length)}</Badge>
            </div>
            <ul className="space-y-2">
              {items.map((c) => (
                <ConnectionRow
                  key={c.id}
                  connection={c}
                  component={component}
                  highlighted={c.id === highlight}
                  {...actions}
                />
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
