import { getComponent } from "@/lib/components";
import { freeHostPlaceholders } from "@/lib/components/routing";

/*
 * An auth client's endpoints are templates, filled from each connection's config. Where a
 * placeholder chooses the host outright (Auth0's `https://{{domain}}/oauth/token`), whoever
 * connects would choose the server that receives the tenant's client secret. So such a host is
 * named by the admin on the auth client, once (checked when it is saved), and a stored client
 * that still has one is refused wherever an endpoint is filled. Placeholders that a pattern
 * confines to a domain, or fixed choices, stay per connection (lib/components/routing.ts).
 */

export const ENDPOINT_LABELS = {
  auth: "authorization",
  token: "token",
  revocation: "revocation",
  userinfo: "userinfo",
} as const;
export type EndpointKey = keyof typeof ENDPOINT_LABELS;

const fieldsOf = (componentId: string | null | undefined) =>
  (componentId ? getComponent(componentId)?.fields : undefined) ?? [];

/** The placeholders of `template` that would let a connection choose its host. */
export const freeHostsOf = (componentId: string | null | undefined, template: string): string[] =>
  freeHostPlaceholders(template, fieldsOf(componentId));

/** Each endpoint of a client whose host a connection would choose, with those placeholders. */
export function unpinnedEndpoints(
  componentId: string | null | undefined,
  endpoints: Partial<Record<EndpointKey, string>>,
): { key: EndpointKey; names: string[] }[] {
  return (Object.keys(ENDPOINT_LABELS) as EndpointKey[]).flatMap((key) => {
    const names = endpoints[key] ? freeHostsOf(componentId, endpoints[key]) : [];
    return names.length > 0 ? [{ key, names }] : [];
  });
}

const placeholders = (names: string[]) => names.map((n) => `{{${n}}}`).join(", ");

/** Why a client cannot be saved with this endpoint (an issue on `endpoints.<key>`). */
export const unpinnedIssue = (u: { key: EndpointKey; names: string[] }) => ({
  path: `endpoints.${u.key}`,
  message: `The ${ENDPOINT_LABELS[u.key]} URL takes its host from ${placeholders(u.names)}, which whoever connects would choose, so the client secret could be sent to any server: enter this client's own URL`,
});

/** Why a stored client (saved before this rule) is refused when one of its endpoints is used. */
export const unpinnedRefusal = (u: { key: EndpointKey; names: string[] }) =>
  `This auth client's ${ENDPOINT_LABELS[u.key]} URL takes its host from ${placeholders(u.names)}, which whoever connects would choose: an admin must enter the client's own URL in Settings › Auth clients`;
