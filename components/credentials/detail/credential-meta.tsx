import { Card, CardHeader } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { Time } from "@/components/ui/time";
import type { SecretRow } from "@/lib/secrets/present";
import { ComponentLogo } from "../component-logo";
import { componentView, ownerLabel, typeLabel } from "../labels";
import { AttentionNotes } from "../dashboard/attention";
import { StatusBadge } from "../status-badge";
import { displayStatus } from "../display-status";
import { DefinitionList } from "./credential-values";

function When({ value, fallback }: { value: Date | null; fallback?: string }) {
  if (!value) return <span className="text-slate-500">{fallback ?? "Never"}</span>;
  return (
    <span>
      <RelativeTime value={value} />{" "}
      <span className="text-slate-500">
        (<Time value={value} />)
      </span>
    </span>
  );
}

/** Who, what and when: everything about a credential except its value. */
export function CredentialMeta({ secret }: { secret: SecretRow & { username?: string | null } }) {
  const component = componentView(secret.componentId);
  return (
    <Card aria-labelledby="meta-title">
      <CardHeader titleId="meta-title" title="Details" />
      <DefinitionList
        items={[
          {
            term: "Component",
            detail: (
              <span className="inline-flex items-center gap-2">
                <ComponentLogo name={component.name} logo={component.logo} size="sm" />
                {component.name}
              </span>
            ),
          },
          { term: "Type", detail: typeLabel(secret.type) },
          { term: "Workspace", detail: <code className="font-mono text-xs">{secret.workspace}</code> },
          { term: "Owner", detail: ownerLabel(secret) },
          {
            term: "Status",
            detail: (
              <>
                <StatusBadge status={displayStatus(secret)} detail={secret.statusDetail} />
                <AttentionNotes secret={secret} />
              </>
            ),
          },
          { term: "Created", detail: <When value={secret.createdAt} /> },
          { term: "Updated", detail: <When value={secret.updatedAt} /> },
          { term: "Last used", detail: <When value={secret.lastUsedAt} /> },
          { term: "Last verified", detail: <When value={secret.lastVerifiedAt} /> },
        ]}
      />
    </Card>
  );
}
