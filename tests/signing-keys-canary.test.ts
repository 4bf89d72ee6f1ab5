import { createHmac, generateKeyPairSync, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { api, memberCookie, newTenant, uniq, userToken, type ApiResult } from "./api";

// A private key that was not created exportable is used inside the service and never leaves
// it: not in any answer of any route, not in the log, not in the clear in the database.
// (Its page HTML is checked in e2e/signing-keys.spec.ts.)
describe("canary: non-exportable private keys never leave the service", () => {
  it("appear in no response, log line or plaintext column", { timeout: 60_000 }, async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }) as string;
    const jwk = privateKey.export({ format: "jwk" }) as Record<string, string>;
    const hsSecret = randomBytes(32).toString("base64url");
    // Pieces of the private key as any encoding would show them: PEM lines, and the JWK's private members.
    const canaries = [
      ...pem
        .split("\n")
        .filter((l) => l.length === 64)
        .slice(2, 6),
      jwk.d.slice(0, 40),
      jwk.p.slice(0, 40),
      jwk.q.slice(0, 40),
      hsSecret,
      Buffer.from(hsSecret, "base64url").toString("base64").slice(0, 40),
    ];

    const t = await newTenant();
    const token = await userToken(t.apiKey, uniq("canary-user"));
    const admin = await memberCookie(t.tenantId, "admin");
    const seen: ApiResult[] = [];
    const call = async (...args: Parameters<typeof api>) => {
      const r = await api(...args);
      seen.push(r);
      return r;
    };

    const rs = await call("POST", "/api/v1/secrets", {
      token,
      body: { name: uniq("rs"), type: "RS256", value: { privateKey: pem }, publishJwks: true },
    });
    const hs = await call("POST", "/api/v1/secrets", {
      token,
      body: { name: uniq("hs"), type: "HS256", value: { secret: hsSecret } },
    });
    expect([rs.status, hs.status]).toEqual([201, 201]);
    const rsId = rs.body.data.id;
    const hsId = hs.body.data.id;

    for (const id of [rsId, hsId]) {
      for (const who of [{ token }, { token: t.apiKey }]) {
        await call("GET", `/api/v1/secrets/${id}`, who);
        await call("GET", `/api/v1/secrets/${id}/request-auth`, who);
      }
      const jws = (await call("POST", `/api/v1/secrets/${id}/jws/sign`, { token, body: { payload: { a: 1 } } })).body
        .data.jws;
      await call("POST", `/api/v1/secrets/${id}/jws/verify`, { token, body: { jws } });
      await call("POST", `/api/v1/secrets/${id}/jws/verify`, { token, body: { jws: `${jws}x` } });
      await call("POST", `/api/v1/secrets/${id}/authorize-request`, {
        token,
        body: { headers: { authorization: `Bearer ${jws}` }, requiredScope: "x" },
      });
      await call("GET", `/api/v1/secrets/${id}/jwks`, { token });
      await call("GET", `/api/v1/jwks/${id}`);
      await call("PATCH", `/api/v1/secrets/${id}`, { token, body: { name: uniq("renamed") } });
      // A replacement value is refused; its refusal must not echo the key either.
      await call("PATCH", `/api/v1/secrets/${id}`, { token, body: { value: { privateKey: pem, secret: hsSecret } } });
      await call("GET", `/api/v1/secrets/${id}`, { cookie: admin });
    }
    await call("POST", `/api/v1/secrets/${hsId}/validate-hmac`, {
      token,
      body: {
        hmacValue: createHmac("sha256", Buffer.from(hsSecret, "base64url")).update("b").digest("base64"),
        hmacAlgo: "sha256",
        rawBody: "b",
      },
    });
    const { jwe } = (await call("POST", `/api/v1/secrets/${rsId}/jwe/encrypt`, { token, body: { plaintext: "p" } }))
      .body.data;
    await call("POST", `/api/v1/secrets/${rsId}/jwe/decrypt`, { token, body: { jwe } });
    await call("POST", `/api/v1/secrets/${rsId}/jwe/decrypt`, { token, body: { jwe: `${jwe}x` } });
    await call("POST", `/api/v1/secrets/${rsId}/rotate`, { token, body: {} });
    await call("GET", `/api/v1/secrets/${rsId}`, { token });
    await call("GET", "/api/v1/secrets", { token });
    await call("GET", "/api/v1/secrets", { cookie: admin });
    await call("GET", "/api/v1/audit-events", { token: t.apiKey });
    // Failing imports of the same key, whose errors go to the log at debug level.
    await call("POST", "/api/v1/secrets", {
      token,
      body: { name: "x", type: "RS256", value: { privateKey: pem.replace("MII", "MIX") } },
    });
    await call("POST", "/api/v1/secrets", {
      token,
      body: { name: "x", type: "RS256", value: { privateKey: pem, passphrase: "not-encrypted" }, bogus: pem },
    });

    // Positive control: the calls worked and the scan reads what they answered.
    expect(seen.filter((r) => r.status === 200).length).toBeGreaterThan(20);
    const answers = JSON.stringify(seen.map((r) => r.body));
    expect(answers).toContain(rsId);
    for (const c of canaries) expect(answers).not.toContain(c);

    const log = readFileSync(process.env.LOG_FILE!, "utf8");
    expect(log).toContain(rsId);
    for (const c of canaries) expect(log).not.toContain(c);

    const db = await getDb();
    const dump =
      JSON.stringify(await db.execute(sql`select * from secrets where tenant_id = ${t.tenantId}`)) +
      JSON.stringify(await db.execute(sql`select * from audit_events where tenant_id = ${t.tenantId}`));
    expect(dump).toContain(rsId);
    for (const c of canaries) expect(dump).not.toContain(c);
  });
});
