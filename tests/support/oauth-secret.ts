import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { authClients, secrets } from "@/db/schema";
import { createAuthClient } from "@/lib/oauth/clients";
import { api, newTenant, uniq, userToken } from "../api";
import type { TokenServer } from "../fakes/token-server";

/**
 * A tenant with an auth client pointing at `server`'s token endpoint, and an end user's
 * OAuth2 secret linked to it, holding a live token pair from the server that expires
 * `expiresIn` seconds from now (negative: already expired; null: no expiry stored).
 */
export async function oauthSecret(
  server: TokenServer,
  opts: {
    expiresIn: number | null;
    refreshBufferSeconds?: number;
    refreshWithScope?: boolean;
    tokenEndpointAuthMethod?: "client_secret_basic" | "client_secret_post";
    scope?: string;
  },
) {
  const db = await getDb();
  const t = await newTenant();
  const client = await createAuthClient(db, {
    tenantId: t.tenantId,
    input: {
      name: uniq("Provider"),
      type: "OA2_AUTHORIZATION_CODE",
      clientId: server.clientId,
      clientSecret: server.clientSecret,
      endpoints: { auth: `${server.url}/authorize`, token: server.tokenUrl },
      refreshWithScope: opts.refreshWithScope,
      tokenEndpointAuthMethod: opts.tokenEndpointAuthMethod,
    },
    audit: {},
  });
  if (opts.refreshBufferSeconds !== undefined) {
    await db
      .update(authClients)
      .set({ refreshBufferSeconds: opts.refreshBufferSeconds })
      .where(eq(authClients.id, client.id));
  }
  const username = uniq("user");
  const token = await userToken(t.apiKey, username);
  const pair = server.issue();
  const value: Record<string, string> = {
    authClientId: client.id,
    accessToken: pair.accessToken,
    refreshToken: pair.refreshToken,
    scope: opts.scope ?? "read write",
    externalId: "acct-1",
  };
  if (opts.expiresIn !== null) value.expires = new Date(Date.now() + opts.expiresIn * 1000).toISOString();
  const created = await api("POST", "/api/v1/secrets", {
    token,
    body: { name: uniq("oauth"), type: "OA2_AUTHORIZATION_CODE", value },
  });
  if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
  const id: string = created.body.data.id;
  // Link the secret to its client as the OAuth callback does.
  await db.update(secrets).set({ authClientId: client.id }).where(eq(secrets.id, id));
  return { ...t, username, token, id, client, pair, value };
}

/** The refresh bookkeeping columns of a secret, straight from the database. */
export async function leaseColumns(id: string) {
  const db = await getDb();
  const [row] = await db
    .select({
      leaseOwner: secrets.leaseOwner,
      leaseUntil: secrets.leaseUntil,
      refreshRetryAt: secrets.refreshRetryAt,
      status: secrets.status,
      statusDetail: secrets.statusDetail,
      expires: secrets.expires,
    })
    .from(secrets)
    .where(eq(secrets.id, id));
  return row;
}
