import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from "node:crypto";
import {
  base64url,
  calculateJwkThumbprint,
  CompactEncrypt,
  createLocalJWKSet,
  exportJWK,
  jwtVerify,
  SignJWT,
  UnsecuredJWT,
  type JSONWebKeySet,
} from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { api, memberCookie, newTenant, uniq, userToken, type ApiResult } from "./api";

type Tenant = Awaited<ReturnType<typeof newTenant>>;
const XRW = { "x-requested-with": "fetch" };
const now = () => Math.floor(Date.now() / 1000);

/** An RSA key pair made here, as the PEMs and JWK a tenant would import. */
function rsa(bits = 2048) {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: bits });
  return {
    pkcs8: privateKey.export({ type: "pkcs8", format: "pem" }) as string,
    pkcs1: privateKey.export({ type: "pkcs1", format: "pem" }) as string,
    spki: publicKey.export({ type: "spki", format: "pem" }) as string,
    jwk: privateKey.export({ format: "jwk" }) as Record<string, string>,
    encrypted: (passphrase: string) =>
      privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase }) as string,
    publicKey,
  };
}

async function create(t: Tenant, body: Record<string, unknown>): Promise<ApiResult> {
  return api("POST", "/api/v1/secrets", { token: t.apiKey, body: { name: uniq("key"), ...body } });
}

/** A stored key's id; fails the test with the answer when creation is refused. */
async function key(t: Tenant, type: string, value: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const r = await create(t, { type, value, ...extra });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.data.id as string;
}

const post = (t: Tenant, id: string, op: string, body: unknown) =>
  api("POST", `/api/v1/secrets/${id}/${op}`, { token: t.apiKey, body });

async function signed(t: Tenant, id: string, body: Record<string, unknown>): Promise<string> {
  const r = await post(t, id, "jws/sign", body);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.data.jws;
}

const verified = async (t: Tenant, id: string, body: Record<string, unknown>) =>
  (await post(t, id, "jws/verify", body)).body.data;

/** The published JWK set of a key, through the public route. */
async function publicJwks(id: string): Promise<JSONWebKeySet> {
  const r = await api("GET", `/api/v1/jwks/${id}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

const publish = (t: Tenant, id: string, publishJwks: boolean) =>
  api("PATCH", `/api/v1/secrets/${id}`, { token: t.apiKey, body: { publishJwks } });

describe("signing keys: create and read", () => {
  let t: Tenant;
  beforeAll(async () => {
    t = await newTenant();
  });

  it("generates an HS256 key whose secret no read, list or mask shows unless it was created exportable", async () => {
    const created = await create(t, { type: "HS256", value: { generate: true } });
    expect(created.status).toBe(201);
    expect(created.body.data.value).toEqual({ kid: expect.any(String), previous: [], secret: "********" });
    const read = await api("GET", `/api/v1/secrets/${created.body.data.id}`, { token: t.apiKey });
    expect(read.body.data.value).toEqual({ kid: created.body.data.value.kid, previous: [] });

    const exportable = await key(t, "HS256", { generate: true }, { exportable: true });
    const raw = (await api("GET", `/api/v1/secrets/${exportable}`, { token: t.apiKey })).body.data.value;
    expect(base64url.decode(raw.secret)).toHaveLength(32);
    const list = await api("GET", "/api/v1/secrets?type=HS256", { token: t.apiKey });
    expect(JSON.stringify(list.body)).not.toContain(raw.secret);
  });

  it("generates an RS256 pair: reads show the public key and its RFC 7638 kid, never the private key", async () => {
    const id = await key(t, "RS256", { generate: true });
    const read = (await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey })).body.data.value;
    expect(Object.keys(read).sort()).toEqual(["kid", "modulusLength", "previous", "publicKey"]);
    expect(read.modulusLength).toBe(2048);
    expect(read.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(read.kid).toBe(await calculateJwkThumbprint(await exportJWK(createPublicKey(read.publicKey))));
    const meta = (await api("GET", `/api/v1/secrets?type=RS256`, { token: t.apiKey })).body.data.find(
      (s: { id: string }) => s.id === id,
    );
    expect(meta.value).toMatchObject({ kid: read.kid, publicKey: read.publicKey, privateKey: "********" });
  });

  it("generates a 4096-bit pair when asked", { timeout: 60_000 }, async () => {
    const id = await key(t, "RS256", { generate: true, modulusLength: 4096 });
    const read = (await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey })).body.data.value;
    expect(read.modulusLength).toBe(4096);
    expect(createPublicKey(read.publicKey).asymmetricKeyDetails?.modulusLength).toBe(4096);
  });

  it("imports PKCS#8, PKCS#1, an encrypted PEM with its passphrase, and a JWK, each as the same key", async () => {
    const k = rsa();
    const kid = await calculateJwkThumbprint(await exportJWK(k.publicKey));
    for (const value of [
      { privateKey: k.pkcs8 },
      { privateKey: k.pkcs1 },
      { privateKey: k.encrypted("open sesame"), passphrase: "open sesame" },
      { privateKey: k.jwk },
      { privateKey: JSON.stringify(k.jwk) },
    ]) {
      const id = await key(t, "RS256", value, { exportable: true });
      const read = (await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey })).body.data.value;
      expect(read.kid).toBe(kid);
      // Exportable: the owner reads the private key back (as PKCS#8, unencrypted: the vault encrypts it).
      expect(createPublicKey(createPrivateKey(read.privateKey)).export({ format: "jwk" })).toEqual(
        createPublicKey(k.pkcs8).export({ format: "jwk" }),
      );
    }
  });

  it("imports an HS256 secret of 32 bytes and reads it back when exportable", async () => {
    const secret = randomBytes(32).toString("base64url");
    const id = await key(t, "HS256", { secret }, { exportable: true });
    expect((await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey })).body.data.value.secret).toBe(secret);
  });

  it("records whether the key is exportable in the creation's audit event", async () => {
    const plain = await key(t, "RS256", { generate: true });
    const open = await key(t, "HS256", { generate: true }, { exportable: true });
    for (const [id, exportable] of [
      [plain, false],
      [open, true],
    ] as const) {
      const events = await api("GET", `/api/v1/audit-events?action=secret.created&targetId=${id}`, {
        token: t.apiKey,
      });
      expect(events.body.data).toHaveLength(1);
      expect(events.body.data[0].metadata).toMatchObject({ exportable, kid: expect.any(String) });
    }
  });

  it("takes exportable and publishJwks only where they mean something", async () => {
    const simple = await create(t, { type: "SIMPLE", value: { username: "u", passphrase: "p" }, exportable: true });
    expect(simple.status).toBe(400);
    const hsPublish = await create(t, { type: "HS256", value: { generate: true }, publishJwks: true });
    expect(hsPublish.status).toBe(400);
  });

  it("refuses a new value by PATCH (rotation keeps the old key verifying) and publishJwks on HS256", async () => {
    const hs = await key(t, "HS256", { generate: true });
    const patched = await api("PATCH", `/api/v1/secrets/${hs}`, {
      token: t.apiKey,
      body: { value: { generate: true } },
    });
    expect(patched.status).toBe(400);
    expect(patched.body.error.message).toContain("rotate");
    expect((await publish(t, hs, true)).status).toBe(400);
  });
});

describe("signing keys: every bad import says what is wrong", () => {
  const k = rsa();
  const small = rsa(1024);
  const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" });
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = k.jwk;
  const cases: Array<[string, string, Record<string, unknown>, string, RegExp]> = [
    ["a short HS256 secret", "HS256", { secret: randomBytes(31).toString("base64url") }, "secret", /31 bytes.*32/],
    ["an HS256 secret that is not base64url", "HS256", { secret: "not base64url!".repeat(4) }, "secret", /base64url/],
    ["both generate and a secret", "HS256", { generate: true, secret: "x" }, "secret", /not both|base64url/],
    [
      "a malformed PEM",
      "RS256",
      { privateKey: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----" },
      "privateKey",
      /Not a valid RSA private key/,
    ],
    ["a public-only PEM", "RS256", { privateKey: k.spki }, "privateKey", /public key/],
    ["a public-only JWK", "RS256", { privateKey: publicJwk }, "privateKey", /public key \(it has no d\)/],
    [
      "an encrypted PEM without its passphrase",
      "RS256",
      { privateKey: k.encrypted("pw") },
      "privateKey",
      /encrypted: give its passphrase/,
    ],
    [
      "an encrypted PEM with the wrong passphrase",
      "RS256",
      { privateKey: k.encrypted("pw"), passphrase: "wrong" },
      "privateKey",
      /passphrase does not decrypt/,
    ],
    [
      "a key under 2048 bits",
      "RS256",
      { privateKey: small.pkcs8 },
      "privateKey",
      /1024 bits; RS256 needs at least 2048/,
    ],
    ["an EC key", "RS256", { privateKey: ec }, "privateKey", /Not an RSA key/],
    ["an unsupported size to generate", "RS256", { generate: true, modulusLength: 3072 }, "modulusLength", /./],
  ];

  it.each(cases)("%s", async (_, type, value, field, message) => {
    const t = await newTenant();
    const r = await create(t, { type, value });
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    const issue = r.body.error.issues.find((i: { path: string }) => i.path === `value.${field}`);
    expect(issue?.message, JSON.stringify(r.body.error.issues)).toMatch(message);
    const list = await api("GET", "/api/v1/secrets", { token: t.apiKey });
    expect(list.body.data).toEqual([]);
  });
});

describe.each(["HS256", "RS256"])("%s: sign and verify", (type) => {
  let t: Tenant;
  let id: string;
  let jwks: ReturnType<typeof createLocalJWKSet>;
  let hmacSecret: Uint8Array;
  beforeAll(async () => {
    t = await newTenant();
    id = await key(t, type, { generate: true }, { exportable: true, ...(type === "RS256" && { publishJwks: true }) });
    if (type === "RS256") jwks = createLocalJWKSet(await publicJwks(id));
    else
      hmacSecret = base64url.decode(
        (await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey })).body.data.value.secret,
      );
  });

  /** Verification by jose itself, outside the service: the JWKS for RS256, the exported secret for HS256. */
  const joseVerify = (jws: string, opts: { audience?: string; issuer?: string } = {}) =>
    type === "RS256"
      ? jwtVerify(jws, jwks, { algorithms: [type], ...opts })
      : jwtVerify(jws, hmacSecret, { algorithms: [type], ...opts });

  it("makes a JWT that the service and jose's own jwtVerify both accept", async () => {
    const jws = await signed(t, id, {
      payload: { sub: "user-1", scope: "read write" },
      expiresIn: "5m",
      audience: "svc",
      issuer: "https://issuer.example",
    });
    const r = await verified(t, id, { jws, audience: "svc", issuer: "https://issuer.example" });
    expect(r.valid).toBe(true);
    expect(r.payload).toMatchObject({ sub: "user-1", aud: "svc", iss: "https://issuer.example" });
    expect(r.payload.exp - r.payload.iat).toBe(300);
    expect(r.header).toMatchObject({ alg: type, typ: "JWT", kid: expect.any(String) });
    const external = await joseVerify(jws, { audience: "svc", issuer: "https://issuer.example" });
    expect(external.payload.sub).toBe("user-1");
  });

  it("signs a string as a plain compact JWS, with the caller's extra header", async () => {
    const jws = await signed(t, id, { payload: "hello, world", header: { typ: "text", cty: "plain" } });
    const r = await verified(t, id, { jws });
    expect(r).toMatchObject({ valid: true, payload: "hello, world", header: { typ: "text", cty: "plain", alg: type } });
  });

  it("refuses header names the key decides, and claims on a string payload", async () => {
    for (const header of [{ alg: "none" }, { kid: "mine" }, { jku: "https://evil.example/jwks" }]) {
      expect((await post(t, id, "jws/sign", { payload: {}, header })).status).toBe(400);
    }
    expect((await post(t, id, "jws/sign", { payload: "x", expiresIn: 60 })).status).toBe(400);
  });

  it("rejects a tampered token", async () => {
    const jws = await signed(t, id, { payload: { sub: "user-1", admin: false } });
    const [h, , s] = jws.split(".");
    const forged = `${h}.${base64url.encode(JSON.stringify({ sub: "user-1", admin: true }))}.${s}`;
    expect(await verified(t, id, { jws: forged })).toEqual({ valid: false, reason: "bad_signature" });
    expect(await verified(t, id, { jws: `${jws.slice(0, -4)}AAAA` })).toMatchObject({ valid: false });
    expect(await verified(t, id, { jws: "not.a.token" })).toEqual({ valid: false, reason: "malformed" });
  });

  it("rejects an expired token and one not yet valid", async () => {
    const expired = await signed(t, id, { payload: { sub: "u", exp: now() - 10 } });
    expect(await verified(t, id, { jws: expired })).toEqual({ valid: false, reason: "expired" });
    const early = await signed(t, id, { payload: { sub: "u", nbf: now() + 600 } });
    expect(await verified(t, id, { jws: early })).toEqual({ valid: false, reason: "not_yet_valid" });
  });

  it("rejects alg: none", async () => {
    const none = new UnsecuredJWT({ sub: "user-1" }).setIssuedAt().encode();
    expect(await verified(t, id, { jws: none })).toEqual({ valid: false, reason: "alg_not_allowed" });
  });

  it("rejects a wrong audience, issuer or subject", async () => {
    const jws = await signed(t, id, { payload: {}, audience: "svc-a", issuer: "iss-a", subject: "sub-a" });
    expect(await verified(t, id, { jws, audience: "svc-b" })).toEqual({
      valid: false,
      reason: "claim_mismatch",
      claim: "aud",
    });
    expect(await verified(t, id, { jws, issuer: "iss-b" })).toMatchObject({ valid: false, claim: "iss" });
    expect(await verified(t, id, { jws, subject: "sub-b" })).toMatchObject({ valid: false, claim: "sub" });
  });

  it("rejects a token of another key of the same type", async () => {
    const other = await key(t, type, { generate: true });
    const jws = await signed(t, other, { payload: { sub: "x" } });
    // The other key's kid is unknown here; without a kid, the signature fails.
    expect(await verified(t, id, { jws })).toEqual({ valid: false, reason: "unknown_kid" });
  });
});

describe("RS256: algorithm confusion", () => {
  it("rejects a token signed with the public key as an HS256 secret", async () => {
    const t = await newTenant();
    const id = await key(t, "RS256", { generate: true });
    const { publicKey, kid } = (await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey })).body.data.value;
    const forged = await new SignJWT({ sub: "admin" })
      .setProtectedHeader({ alg: "HS256", kid })
      .setExpirationTime("5m")
      .sign(new TextEncoder().encode(publicKey));
    expect(await verified(t, id, { jws: forged })).toEqual({ valid: false, reason: "alg_not_allowed" });
    // The same confusion seen from the inbound check.
    const r = await post(t, id, "authorize-request", { headers: { Authorization: `Bearer ${forged}` } });
    expect(r.body.data).toEqual({ allowed: false, reason: "invalid_token" });
  });

  it("rejects an RS256 token at an HS256 key", async () => {
    const t = await newTenant();
    const rs = await key(t, "RS256", { generate: true });
    const hs = await key(t, "HS256", { generate: true });
    const jws = await signed(t, rs, { payload: { sub: "x" } });
    expect(await verified(t, hs, { jws })).toEqual({ valid: false, reason: "alg_not_allowed" });
  });
});

describe("RS256: JWE", () => {
  let t: Tenant;
  let id: string;
  beforeAll(async () => {
    t = await newTenant();
    id = await key(t, "RS256", { generate: true });
  });

  it("round-trips RSA-OAEP-256 with A256GCM", async () => {
    const enc = await post(t, id, "jwe/encrypt", { plaintext: "the launch code is 1234 ✓" });
    expect(enc.status).toBe(200);
    const dec = await post(t, id, "jwe/decrypt", { jwe: enc.body.data.jwe });
    expect(dec.status).toBe(200);
    expect(dec.body.data.plaintext).toBe("the launch code is 1234 ✓");
    expect(dec.body.data.header).toMatchObject({ alg: "RSA-OAEP-256", enc: "A256GCM", kid: expect.any(String) });
  });

  it("decrypts what an outside party encrypted to the published public key", async () => {
    const { publicKey } = (await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey })).body.data.value;
    const jwe = await new CompactEncrypt(new TextEncoder().encode("from outside"))
      .setProtectedHeader({ alg: "RSA-OAEP-256", enc: "A256GCM" })
      .encrypt(createPublicKey(publicKey));
    expect((await post(t, id, "jwe/decrypt", { jwe })).body.data.plaintext).toBe("from outside");
  });

  it("fails to decrypt with another secret's key, or after tampering", async () => {
    const other = await key(t, "RS256", { generate: true });
    const { jwe } = (await post(t, id, "jwe/encrypt", { plaintext: "secret" })).body.data;
    const wrong = await post(t, other, "jwe/decrypt", { jwe });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/could not be decrypted/);
    const parts = jwe.split(".");
    parts[3] = base64url.encode(randomBytes(16));
    expect((await post(t, id, "jwe/decrypt", { jwe: parts.join(".") })).status).toBe(400);
  });

  it("refuses other algorithms on decrypt", async () => {
    const { publicKey } = (await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey })).body.data.value;
    const jwe = await new CompactEncrypt(new TextEncoder().encode("x"))
      .setProtectedHeader({ alg: "RSA-OAEP", enc: "A128GCM" })
      .encrypt(createPublicKey(publicKey));
    expect((await post(t, id, "jwe/decrypt", { jwe })).status).toBe(400);
  });

  it("is for RS256 only", async () => {
    const hs = await key(t, "HS256", { generate: true });
    const r = await post(t, hs, "jwe/encrypt", { plaintext: "x" });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain("RS256");
  });
});

describe("JWKS", () => {
  it("serves the public set to the owner, cacheable, with public members only", async () => {
    const t = await newTenant();
    const id = await key(t, "RS256", { generate: true });
    const r = await api("GET", `/api/v1/secrets/${id}/jwks`, { token: t.apiKey });
    expect(r.status).toBe(200);
    expect(r.headers.get("cache-control")).toBe("private, max-age=300");
    expect(r.body.data.publishJwks).toBe(false);
    expect(r.body.data.jwksUrl).toBeNull();
    expect(r.body.data.keys).toHaveLength(1);
    expect(Object.keys(r.body.data.keys[0]).sort()).toEqual(["alg", "e", "kid", "kty", "n", "use"]);
    // Errors stay no-store.
    const missing = await api("GET", `/api/v1/secrets/${crypto.randomUUID()}/jwks`, { token: t.apiKey });
    expect([missing.status, missing.headers.get("cache-control")]).toEqual([404, "no-store"]);
  });

  it("publishes without auth only once the owner opts in, and stops when they opt out", async () => {
    const t = await newTenant();
    const id = await key(t, "RS256", { generate: true });
    const before = await api("GET", `/api/v1/jwks/${id}`);
    expect([before.status, before.headers.get("cache-control")]).toEqual([404, "no-store"]);

    expect((await publish(t, id, true)).status).toBe(200);
    const open = await api("GET", `/api/v1/jwks/${id}`);
    expect(open.status).toBe(200);
    expect(open.headers.get("cache-control")).toBe("public, max-age=300");
    // The standard JWK Set, bare: no `data` envelope.
    expect(Object.keys(open.body)).toEqual(["keys"]);
    expect(open.body.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    for (const member of ["d", "p", "q", "dp", "dq", "qi"]) expect(open.body.keys[0]).not.toHaveProperty(member);
    const owner = await api("GET", `/api/v1/secrets/${id}/jwks`, { token: t.apiKey });
    expect(owner.body.data.jwksUrl).toMatch(new RegExp(`/api/v1/jwks/${id}$`));

    expect((await publish(t, id, false)).status).toBe(200);
    expect((await api("GET", `/api/v1/jwks/${id}`)).status).toBe(404);
  });

  it("answers 404 for HS256 keys, other types, unknown and malformed ids", async () => {
    const t = await newTenant();
    const hs = await key(t, "HS256", { generate: true });
    expect((await api("GET", `/api/v1/secrets/${hs}/jwks`, { token: t.apiKey })).status).toBe(400);
    for (const path of [hs, crypto.randomUUID(), "not-a-uuid"])
      expect((await api("GET", `/api/v1/jwks/${path}`)).status).toBe(404);
  });

  it("another tenant's key is 404 on the owner route", async () => {
    const t = await newTenant();
    const other = await newTenant();
    const id = await key(t, "RS256", { generate: true });
    expect((await api("GET", `/api/v1/secrets/${id}/jwks`, { token: other.apiKey })).status).toBe(404);
    expect((await post(other, id, "jws/sign", { payload: {} })).status).toBe(404);
  });
});

describe("rotation", () => {
  it("RS256: the JWKS serves old and new keys until the old one retires, so tokens in flight keep verifying", async () => {
    const t = await newTenant();
    const id = await key(t, "RS256", { generate: true }, { publishJwks: true });
    const before = await signed(t, id, { payload: { sub: "in-flight" }, expiresIn: 600 });
    const sealed = (await post(t, id, "jwe/encrypt", { plaintext: "sealed before" })).body.data.jwe;

    const r = await post(t, id, "rotate", { gracePeriodSeconds: 3600 });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const rotated = r.body.data.value;
    expect(rotated.previous).toEqual([
      expect.objectContaining({
        kid: expect.any(String),
        publicKey: expect.any(String),
        retiresAt: expect.any(String),
      }),
    ]);
    expect(rotated.kid).not.toBe(rotated.previous[0].kid);

    const jwks = await publicJwks(id);
    expect(jwks.keys.map((k) => k.kid)).toEqual([rotated.kid, rotated.previous[0].kid]);
    const after = await signed(t, id, { payload: { sub: "new" } });
    for (const jws of [before, after]) {
      expect((await verified(t, id, { jws })).valid).toBe(true);
      expect((await jwtVerify(jws, createLocalJWKSet(jwks), { algorithms: ["RS256"] })).payload.sub).toBeTruthy();
    }
    expect((await post(t, id, "jwe/decrypt", { jwe: sealed })).body.data.plaintext).toBe("sealed before");

    const events = await api("GET", `/api/v1/audit-events?action=secret.rotated&targetId=${id}`, { token: t.apiKey });
    expect(events.body.data[0].metadata).toMatchObject({ kid: rotated.kid, previousKid: rotated.previous[0].kid });
  });

  it("a retired key stops verifying and leaves the JWKS", async () => {
    const t = await newTenant();
    const id = await key(t, "RS256", { generate: true }, { publishJwks: true });
    const old = await signed(t, id, { payload: { sub: "old" } });
    expect((await post(t, id, "rotate", { gracePeriodSeconds: 0 })).status).toBe(200);
    expect(await verified(t, id, { jws: old })).toEqual({ valid: false, reason: "unknown_kid" });
    expect((await publicJwks(id)).keys).toHaveLength(1);

    const soon = await signed(t, id, { payload: { sub: "soon" } });
    expect((await post(t, id, "rotate", { gracePeriodSeconds: 1 })).status).toBe(200);
    expect((await verified(t, id, { jws: soon })).valid).toBe(true);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await verified(t, id, { jws: soon })).toEqual({ valid: false, reason: "unknown_kid" });
    expect((await publicJwks(id)).keys).toHaveLength(1);
  });

  it("HS256: the old secret keeps verifying; rotation can import the new one", async () => {
    const t = await newTenant();
    const id = await key(t, "HS256", { generate: true });
    const old = await signed(t, id, { payload: { sub: "old" } });
    const secret = randomBytes(48).toString("base64url");
    const r = await post(t, id, "rotate", { value: { secret } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.data.value.previous).toHaveLength(1);
    expect((await verified(t, id, { jws: old })).valid).toBe(true);
    const fresh = await signed(t, id, { payload: { sub: "new" } });
    await expect(jwtVerify(fresh, base64url.decode(secret), { algorithms: ["HS256"] })).resolves.toBeTruthy();
  });

  it("is for signing keys, and validates the new key like a create", async () => {
    const t = await newTenant();
    const simple = await key(t, "SIMPLE", { username: "u", passphrase: "p" });
    expect((await post(t, simple, "rotate", {})).status).toBe(400);
    const hs = await key(t, "HS256", { generate: true });
    const short = await post(t, hs, "rotate", { value: { secret: randomBytes(8).toString("base64url") } });
    expect(short.status).toBe(400);
    expect(short.body.error.issues[0].path).toBe("value.secret");
  });
});

describe("authorize-request", () => {
  let t: Tenant;
  beforeAll(async () => {
    t = await newTenant();
  });
  const check = async (id: string, body: Record<string, unknown>) => {
    const r = await post(t, id, "authorize-request", body);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.data;
  };
  const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}`;

  it("SIMPLE: right Basic credentials are allowed, wrong or missing ones are not", async () => {
    const id = await key(t, "SIMPLE", { username: "hook", passphrase: "s3cret-pass" });
    expect(await check(id, { headers: { Authorization: basic("hook", "s3cret-pass") } })).toEqual({
      allowed: true,
      reason: "ok",
    });
    expect(await check(id, { headers: { authorization: basic("hook", "s3cret-pasS") } })).toEqual({
      allowed: false,
      reason: "invalid_credentials",
    });
    expect((await check(id, { headers: { Authorization: basic("other", "s3cret-pass") } })).allowed).toBe(false);
    expect(await check(id, { headers: {} })).toEqual({ allowed: false, reason: "missing_credentials" });
    expect(await check(id, { headers: { Authorization: "Bearer x" } })).toEqual({
      allowed: false,
      reason: "wrong_scheme",
    });
    // Basic carries no scope: asking for one is refused, never ignored.
    expect(
      await check(id, { headers: { Authorization: basic("hook", "s3cret-pass") }, requiredScope: "admin" }),
    ).toEqual({ allowed: false, reason: "scope_not_supported" });
  });

  it.each(["HS256", "RS256"])(
    "%s: a Bearer JWT needs a valid signature, to be in date, and the scope",
    async (type) => {
      const id = await key(t, type, { generate: true });
      // `null`: no exp claim at all.
      const bearer = async (payload: Record<string, unknown>, expiresIn: number | null = 300) =>
        `Bearer ${await signed(t, id, { payload, ...(expiresIn !== null && { expiresIn }) })}`;
      const asks = async (auth: string, requiredScope?: string) =>
        check(id, { headers: { Authorization: auth }, ...(requiredScope && { requiredScope }) });

      const allowed = await asks(await bearer({ sub: "svc", scope: "read write" }), "write");
      expect(allowed).toMatchObject({ allowed: true, reason: "ok", claims: { sub: "svc" } });
      expect((await asks(await bearer({ scp: ["read", "write"] }), "read write")).allowed).toBe(true);
      expect(await asks(await bearer({ sub: "svc" }), "write")).toEqual({
        allowed: false,
        reason: "insufficient_scope",
      });
      expect(await asks(await bearer({ scope: "read" }), "write")).toEqual({
        allowed: false,
        reason: "insufficient_scope",
      });
      expect(await asks(await bearer({ scope: "writer" }), "write")).toMatchObject({ allowed: false });
      expect(await asks(await bearer({ scope: "x", exp: now() - 5 }, null), "x")).toEqual({
        allowed: false,
        reason: "expired",
      });
      expect(await asks(await bearer({ scope: "x", nbf: now() + 600 }), "x")).toEqual({
        allowed: false,
        reason: "not_yet_valid",
      });
      // An inbound token must expire.
      expect(await asks(await bearer({ scope: "x" }, null), "x")).toEqual({
        allowed: false,
        reason: "invalid_token",
      });
      const other = await key(t, type, { generate: true });
      const foreign = `Bearer ${await signed(t, other, { payload: { scope: "x" }, expiresIn: 60 })}`;
      expect(await asks(foreign, "x")).toEqual({ allowed: false, reason: "invalid_token" });
      expect(await asks(basic("a", "b"))).toEqual({ allowed: false, reason: "wrong_scheme" });
    },
  );

  it("API_KEY: the key is looked for where the secret puts it", async () => {
    const header = await key(t, "API_KEY", { key: "k-header-123456", headerName: "X-Hook-Key", prefix: "Key " });
    expect(await check(header, { headers: { "x-hook-key": "Key k-header-123456" } })).toEqual({
      allowed: true,
      reason: "ok",
    });
    expect((await check(header, { headers: { "X-Hook-Key": "k-header-123456" } })).allowed).toBe(false);
    expect(await check(header, { headers: { "X-Api-Key": "Key k-header-123456" } })).toEqual({
      allowed: false,
      reason: "missing_credentials",
    });

    const query = await key(t, "API_KEY", { key: "k-query-123456", location: "query", headerName: "token" });
    expect((await check(query, { headers: {}, query: { token: "k-query-123456" } })).allowed).toBe(true);
    expect((await check(query, { headers: {}, query: { token: "wrong" } })).reason).toBe("invalid_credentials");

    const cookie = await key(t, "API_KEY", { key: "k-cookie-123456", location: "cookie", headerName: "sid" });
    expect((await check(cookie, { headers: { Cookie: "a=1; sid=k-cookie-123456" } })).allowed).toBe(true);
    expect((await check(cookie, { headers: { Cookie: "sid=nope" } })).allowed).toBe(false);
  });

  it("is refused for types it does not judge", async () => {
    const bearer = await key(t, "BEARER", { token: "t-123456789" });
    expect((await post(t, bearer, "authorize-request", { headers: {} })).status).toBe(400);
  });
});

describe("validate-hmac", () => {
  let t: Tenant;
  beforeAll(async () => {
    t = await newTenant();
  });
  const body = '{"event":"order.created","id":42}';
  const hmac = (algo: string, key: Buffer | string, data = body, enc: "base64" | "hex" = "base64") =>
    createHmac(algo, key).update(data).digest(enc);
  const validate = async (id: string, b: Record<string, unknown>) => {
    const r = await post(t, id, "validate-hmac", b);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.data as boolean;
  };

  it("API_KEY (as Open Integration Hub uses it): correct, wrong, and with a different algorithm", async () => {
    const id = await key(t, "API_KEY", { key: "whk-shared-secret-1" });
    const k = "whk-shared-secret-1";
    expect(await validate(id, { hmacValue: hmac("sha256", k), hmacAlgo: "sha256", rawBody: body })).toBe(true);
    expect(await validate(id, { hmacValue: hmac("sha512", k), hmacAlgo: "sha512", rawBody: body })).toBe(true);
    expect(await validate(id, { hmacValue: hmac("sha256", "other"), hmacAlgo: "sha256", rawBody: body })).toBe(false);
    expect(await validate(id, { hmacValue: hmac("sha256", k, `${body} `), hmacAlgo: "sha256", rawBody: body })).toBe(
      false,
    );
    // The signature of one algorithm checked as the other.
    expect(await validate(id, { hmacValue: hmac("sha256", k), hmacAlgo: "sha512", rawBody: body })).toBe(false);
    expect(await validate(id, { hmacValue: hmac("sha512", k), hmacAlgo: "sha256", rawBody: body })).toBe(false);
    // OIH posts the raw body as a Buffer's JSON (and calls …/validateHmac: e2e/signing-keys.spec.ts).
    const rawBody = JSON.parse(JSON.stringify(Buffer.from(body)));
    expect(await validate(id, { hmacValue: hmac("sha256", k), hmacAlgo: "sha256", rawBody })).toBe(true);
    expect(
      await validate(id, { hmacValue: `sha256=${hmac("sha256", k, body, "hex")}`, hmacAlgo: "sha256", rawBody: body }),
    ).toBe(true);
    expect(await validate(id, { hmacValue: "not a signature", hmacAlgo: "sha256", rawBody: body })).toBe(false);
  });

  it("HS256: the key's bytes, current and not yet retired", async () => {
    const secret = randomBytes(32);
    const id = await key(t, "HS256", { secret: secret.toString("base64url") });
    expect(await validate(id, { hmacValue: hmac("sha256", secret), hmacAlgo: "sha256", rawBody: body })).toBe(true);
    expect((await post(t, id, "rotate", {})).status).toBe(200);
    expect(await validate(id, { hmacValue: hmac("sha256", secret), hmacAlgo: "sha256", rawBody: body })).toBe(true);
    expect(await validate(id, { hmacValue: hmac("sha256", randomBytes(32)), hmacAlgo: "sha256", rawBody: body })).toBe(
      false,
    );
  });

  it("refuses other types and other algorithms", async () => {
    const simple = await key(t, "SIMPLE", { username: "u", passphrase: "p" });
    expect((await post(t, simple, "validate-hmac", { hmacValue: "x", hmacAlgo: "sha256", rawBody: "" })).status).toBe(
      400,
    );
    const ak = await key(t, "API_KEY", { key: "k-1234567890" });
    expect((await post(t, ak, "validate-hmac", { hmacValue: "x", hmacAlgo: "md5", rawBody: "" })).status).toBe(400);
  });
});

describe("who may use a key", () => {
  it("integration code signs; dashboard members and connect sessions get 403; user tokens see only their own", async () => {
    const t = await newTenant();
    const alice = await userToken(t.apiKey, uniq("alice"));
    const bob = await userToken(t.apiKey, uniq("bob"));
    const mine = await api("POST", "/api/v1/secrets", {
      token: alice,
      body: { name: "alice key", type: "HS256", value: { generate: true } },
    });
    const id = mine.body.data.id;
    const sign = (who: { token?: string; cookie?: string }) =>
      api("POST", `/api/v1/secrets/${id}/jws/sign`, { ...who, headers: XRW, body: { payload: { a: 1 } } });
    expect((await sign({ token: alice })).status).toBe(200);
    expect((await sign({ token: t.apiKey })).status).toBe(200);
    expect((await sign({ token: bob })).status).toBe(404);
    for (const role of ["admin", "developer", "viewer"] as const)
      expect((await sign({ cookie: await memberCookie(t.tenantId, role) })).status, role).toBe(403);
    const session = await api("POST", "/api/v1/connect-sessions", { token: t.apiKey, body: { username: uniq("c") } });
    expect(session.status, JSON.stringify(session.body)).toBe(201);
    expect((await sign({ token: session.body.data.token })).status).toBe(403);
  });

  it("signing and decrypting are audited as uses of the key; checks are not", async () => {
    const t = await newTenant();
    const id = await key(t, "RS256", { generate: true });
    const jws = await signed(t, id, { payload: { a: 1 } });
    await verified(t, id, { jws });
    const { jwe } = (await post(t, id, "jwe/encrypt", { plaintext: "x" })).body.data;
    await post(t, id, "jwe/decrypt", { jwe });
    const events = await api("GET", `/api/v1/audit-events?action=secret.used&targetId=${id}`, { token: t.apiKey });
    expect(events.body.data.map((e: { metadata: { operation: string } }) => e.metadata.operation).sort()).toEqual([
      "jwe/decrypt",
      "jws/sign",
    ]);
  });
});
