import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { secrets } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { redirectUri } from "@/lib/oauth/clients";
import { api, newTenant, uniq, userToken } from "./api";
import { loginAtProvider } from "./fakes/oidc-login";
import { startOidcServer, type OidcServer } from "./fakes/oidc-server";

// Refresh on read against a real authorization server: oidc-provider on 127.0.0.1, which
// rotates refresh tokens on every use and revokes the whole grant when a used one comes
// back. The tokens come from a real authorization-code flow.

let op: OidcServer;
const saved = process.env.OUTBOUND_ALLOW_HOSTS;

beforeAll(async () => {
  process.env.OUTBOUND_ALLOW_HOSTS = "127.0.0.1";
  resetEnvCache();
  op = await startOidcServer({ redirectUri: redirectUri() });
});
afterAll(async () => {
  await op?.close();
  if (saved === undefined) delete process.env.OUTBOUND_ALLOW_HOSTS;
  else process.env.OUTBOUND_ALLOW_HOSTS = saved;
  resetEnvCache();
});

/** An end user connected through the whole flow; returns the user token and the secret id. */
async function connected() {
  const t = await newTenant();
  const client = await api("POST", "/api/v1/auth-clients", {
    token: t.apiKey,
    body: {
      name: uniq("IdP"),
      componentId: "custom-oauth2",
      clientId: op.clientId,
      clientSecret: op.clientSecret,
      endpoints: { auth: op.endpoints.auth, token: op.endpoints.token, userinfo: op.endpoints.userinfo },
      scopes: ["openid", "email"],
      issuer: op.issuer,
    },
  });
  expect(client.status, JSON.stringify(client.body)).toBe(201);
  const token = await userToken(t.apiKey, uniq("alice"));
  const started = await api("POST", `/api/v1/auth-clients/${client.body.data.id}/start-flow`, { token, body: {} });
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  const launch = await api("GET", started.body.data.authUrl);
  const cookie = launch.headers.get("set-cookie")!.split(";")[0];
  const back = await loginAtProvider(launch.headers.get("location")!, redirectUri());
  const done = await api("GET", `/api/v1/callback${back.search}`, { cookie });
  expect(done.status).toBe(302);
  const id = new URL(done.headers.get("location")!, "http://x").searchParams.get("secretId")!;
  return { token, id };
}

const userinfo = (accessToken: string) =>
  fetch(op.endpoints.userinfo, { headers: { authorization: `Bearer ${accessToken}` } });

describe("refresh against oidc-provider", () => {
  it("an expired token is refreshed on read; the rotated refresh token is stored and works next time", async () => {
    const { token, id } = await connected();
    const before = (await api("GET", `/api/v1/secrets/${id}`, { token })).body.data.value;
    expect(before.refreshToken).toBeTruthy();
    op.reset();

    // Make it due: the expiry column is what refresh scheduling reads.
    const db = await getDb();
    await db
      .update(secrets)
      .set({ expires: new Date(Date.now() - 1000) })
      .where(eq(secrets.id, id));
    const r = await api("GET", `/api/v1/secrets/${id}`, { token });
    expect(r.status).toBe(200);
    const after = r.body.data.value;
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.externalId).toBe(before.externalId);
    expect(op.grants).toEqual(["refresh_token"]);
    expect((await userinfo(after.accessToken)).status).toBe(200);

    // oidc-provider revokes the grant if a used refresh token comes back, so a forced
    // refresh succeeding proves the rotated one was stored.
    const forced = await api("POST", `/api/v1/secrets/${id}/refresh`, { token });
    expect(forced.status, JSON.stringify(forced.body)).toBe(200);
    expect(op.grants).toEqual(["refresh_token", "refresh_token"]);
    const latest = (await api("GET", `/api/v1/secrets/${id}`, { token })).body.data.value;
    expect(latest.accessToken).not.toBe(after.accessToken);
    expect((await userinfo(latest.accessToken)).status).toBe(200);
  });

  it("a refresh token the provider revoked gives 409 needs_reauth and an expired secret", async () => {
    const { token, id } = await connected();
    const value = (await api("GET", `/api/v1/secrets/${id}`, { token })).body.data.value;
    const revoked = await fetch(op.endpoints.revocation, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${op.clientId}:${op.clientSecret}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ token: value.refreshToken, token_type_hint: "refresh_token" }),
    });
    expect(revoked.status).toBe(200);
    const r = await api("POST", `/api/v1/secrets/${id}/refresh`, { token });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("needs_reauth");
    const list = await api("GET", "/api/v1/secrets", { token });
    expect(list.body.data.find((s: { id: string }) => s.id === id).status).toBe("expired");
  });
});
