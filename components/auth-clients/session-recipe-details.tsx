import type { ReactNode } from "react";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import type { PublicSessionClient } from "@/lib/oauth/schemas";

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="py-2 sm:grid sm:grid-cols-3 sm:gap-4">
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
      <dd className="mt-1 text-sm break-all text-slate-900 sm:col-span-2 sm:mt-0">{children}</dd>
    </div>
  );
}

const none = <span className="text-slate-500">None</span>;
const mono = (s: string) => <span className="font-mono text-xs">{s}</span>;

/** A session-auth login recipe, read-only (developers). Nothing in it is secret. */
export function SessionRecipeDetails({
  client,
  componentName,
}: {
  client: PublicSessionClient;
  componentName: string | null;
}) {
  const auth = client.endpoints.auth;
  return (
    <Card aria-labelledby="recipe-details">
      <CardHeader titleId="recipe-details" title="Login recipe" description="Only admins can change auth clients." />
      <CardBody>
        <dl className="divide-y divide-slate-100">
          <Row label="Component">{componentName ?? "Custom session auth"}</Row>
          <Row label="Fields">
            <ul className="space-y-1">
              {client.fields.map((f) => (
                <li key={f.name}>
                  {mono(f.name)} {f.label}
                  {f.secret ? " (secret)" : ""}
                  {f.required ? "" : " (optional)"}
                </li>
              ))}
            </ul>
          </Row>
          <Row label="Login">
            {mono(auth.method)} {mono(auth.url)}
          </Row>
          <Row label="Credentials sent as">{auth.authType}</Row>
          <Row label="Request fields">
            {mono(
              Object.entries(auth.requestFields)
                .map(([k, v]) => `${k}=${v}`)
                .join(", "),
            )}
          </Row>
          <Row label="Token path">{mono(client.tokenPath)}</Row>
          <Row label="Expiry path">{client.expirationPath ? mono(client.expirationPath) : none}</Row>
          <Row label="Lifetime">{client.expiresIn ? `${client.expiresIn} s` : none}</Row>
        </dl>
      </CardBody>
    </Card>
  );
}
