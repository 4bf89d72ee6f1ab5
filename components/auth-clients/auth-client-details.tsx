import type { ReactNode } from "react";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import type { PublicOAuthClient } from "@/lib/oauth/schemas";
import { RedirectUri } from "./redirect-uri-client";

const AUTH_METHODS = {
  client_secret_basic: "HTTP Basic (client_secret_basic)",
  client_secret_post: "In the body (client_secret_post)",
};
const SEPARATORS: Record<string, string> = { " ": "Space", ",": "Comma", "+": "Plus" };

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="py-2 sm:grid sm:grid-cols-3 sm:gap-4">
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
      <dd className="mt-1 text-sm break-all text-slate-900 sm:col-span-2 sm:mt-0">{children}</dd>
    </div>
  );
}

const none = <span className="text-slate-500">None</span>;
const params = (r: Record<string, string>) =>
  Object.keys(r).length === 0 ? (
    none
  ) : (
    <span className="font-mono text-xs">
      {Object.entries(r)
        .map(([k, v]) => `${k}=${v}`)
        .join(", ")}
    </span>
  );

/** An OAuth auth client, read-only (developers): the secret only as its hint; client credentials without the browser-flow rows. */
export function AuthClientDetails({
  client,
  componentName,
}: {
  client: PublicOAuthClient;
  componentName: string | null;
}) {
  const code = client.type === "OA2_AUTHORIZATION_CODE";
  return (
    <Card aria-labelledby="auth-client-details">
      <CardHeader titleId="auth-client-details" title="Details" description="Only admins can change auth clients." />
      <CardBody className="space-y-4">
        {code ? <RedirectUri value={client.redirectUri} /> : null}
        <dl className="divide-y divide-slate-100">
          <Row label="Type">{code ? "Authorization code" : "Client credentials (no browser step)"}</Row>
          <Row label="Component">{componentName ?? "Custom OAuth2"}</Row>
          <Row label="Client ID">
            <span className="font-mono text-xs">{client.clientId}</span>
          </Row>
          <Row label="Client secret">
            <span className="font-mono text-xs">{client.clientSecretHint ?? "None"}</span>
          </Row>
          {code ? <Row label="Authorization URL">{client.endpoints.auth ?? none}</Row> : null}
          <Row label="Token URL">{client.endpoints.token ?? none}</Row>
          <Row label="Revocation URL">{client.endpoints.revocation ?? none}</Row>
          {code ? <Row label="Userinfo URL">{client.endpoints.userinfo ?? none}</Row> : null}
          <Row label="Scopes">
            {client.scopes.length ? <span className="font-mono text-xs">{client.scopes.join(" ")}</span> : none}
          </Row>
          <Row label="Scope separator">{SEPARATORS[client.scopeSeparator] ?? client.scopeSeparator}</Row>
          <Row label="Client authentication">{AUTH_METHODS[client.tokenEndpointAuthMethod]}</Row>
          {code ? (
            <>
              <Row label="PKCE">{client.pkce ? "Yes (S256)" : "No"}</Row>
              <Row label="Send scope when refreshing">{client.refreshWithScope ? "Yes" : "No"}</Row>
              <Row label="Authorization parameters">{params(client.authParams)}</Row>
            </>
          ) : null}
          <Row label="Token parameters">{params(client.tokenParams)}</Row>
          {code ? <Row label="Issuer">{client.issuer ?? none}</Row> : null}
        </dl>
      </CardBody>
    </Card>
  );
}
