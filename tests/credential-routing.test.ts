import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRecordingApi, type RecordingApi } from "./fakes/recording-api";
import { api, memberCookie, newTenant } from "./api";
import { allowOutboundForFile } from "./support/native-checks";

// "A credential is only sent where it was proved" (docs/architecture.md › Security model): a caller
// who may not read a value must not be able to point it at a server of its own.

allowOutboundForFile();

const newKey = () => `key-${randomBytes(12).toString("hex")}`;
const WRITE = { "x-requested-with": "fetch" };

describe("moving a credential to another host", () => {
  let proved: RecordingApi; // the API the credential was verified against
  let attacker: RecordingApi; // a server the caller controls: happy with anything
  const key = newKey();
  beforeAll(async () => {
    proved = await startRecordingApi({ answer: (r) => (r.headers.authorization === `Bearer ${key}` ? 200 : 401) });
    attacker = await startRecordingApi();
  });
  afterAll(async () => {
    await proved.close();
    await attacker.close();
  });

  it("needs the value again; without it nothing ever reaches the new host (PATCH, verify, request-auth, GET)", async () => {
    const t = await newTenant();
    const dev = await memberCookie(t.tenantId, "developer");
    const created = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: {
        name: "billing",
        type: "BEARER",
        value: { token: key },
        componentId: "http-api",
        config: { baseUrl: proved.url, testPath: "/check" },
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.data.id;
    expect(proved.transcript()).toContain(key);

    // Every way of moving it without the value: a developer (who cannot read values), an
    // API key, with and without verification, and with a non-routing field alongside.
    const moves: Array<{ cookie?: string; token?: string; body: object }> = [
      { cookie: dev, body: { config: { baseUrl: attacker.url, testPath: "/check" } } },
      { cookie: dev, body: { config: { baseUrl: attacker.url } } },
      { token: t.apiKey, body: { config: { baseUrl: attacker.url, testPath: "/check" } } },
      { token: t.apiKey, body: { config: { baseUrl: attacker.url, testPath: "/check" }, verify: false } },
      { token: t.apiKey, body: { name: "renamed", config: { baseUrl: `${attacker.url}/v1` } } },
    ];
    for (const move of moves) {
      const r = await api("PATCH", `/api/v1/secrets/${id}`, { ...move, headers: move.cookie ? WRITE : undefined });
      expect(r.status, JSON.stringify(move.body)).toBe(400);
      expect(r.body.error.code).toBe("validation_failed");
      const issue = r.body.error.issues.find((i: { path: string }) => i.path === "value");
      expect(issue?.message).toMatch(/re-enter/i);
      expect(issue?.message).toContain("baseUrl");
    }

    // Nothing moved: the stored config still points at the proved host.
    const read = await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey });
    expect(read.body.data.config.baseUrl).toBe(proved.url);
    expect(read.body.data.name).toBe("billing");

    // Later calls go where the credential was proved, or nowhere.
    const verified = await api("POST", `/api/v1/secrets/${id}/verify`, { cookie: dev, headers: WRITE });
    expect(verified.body.data).toMatchObject({ ok: true });
    const auth = await api("GET", `/api/v1/secrets/${id}/request-auth`, { token: t.apiKey });
    expect(auth.body.data.headers.Authorization ?? auth.body.data.headers.authorization).toBe(`Bearer ${key}`);

    expect(attacker.received()).toEqual([]);
    expect(attacker.transcript()).not.toContain(key);
  });

  it("a routing change with the whole value re-entered is proved against the new host; other fields need no value", async () => {
    const t = await newTenant();
    const created = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: {
        name: "billing",
        type: "BEARER",
        value: { token: key },
        componentId: "http-api",
        config: { baseUrl: proved.url, testPath: "/check" },
      },
    });
    const id = created.body.data.id;
    const hits = proved.received().length;

    // A non-routing field (the test path) keeps the host: no value needed, re-proved there.
    const path = await api("PATCH", `/api/v1/secrets/${id}`, {
      token: t.apiKey,
      body: { config: { baseUrl: proved.url, testPath: "/other" } },
    });
    expect(path.status).toBe(200);
    expect(proved.received().length).toBe(hits + 1);
    expect(proved.received().at(-1)!.url).toBe("/other");

    const before = attacker.received().length;
    const other = newKey();
    const moved = await api("PATCH", `/api/v1/secrets/${id}`, {
      token: t.apiKey,
      body: { config: { baseUrl: attacker.url }, value: { token: other } },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.data.config.baseUrl).toBe(attacker.url);
    const sent = attacker.received().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0].headers.authorization).toBe(`Bearer ${other}`);
    expect(attacker.transcript()).not.toContain(key);
  });
});

describe("verify racing a PATCH", () => {
  it("does not overwrite the status a PATCH set after the verify loaded the old value", async () => {
    const slow = await startRecordingApi({ hold: true, answer: () => 401 });
    try {
      const t = await newTenant();
      const created = await api("POST", "/api/v1/secrets", {
        token: t.apiKey,
        body: {
          name: "racy",
          type: "BEARER",
          value: { token: newKey() },
          componentId: "http-api",
          config: { baseUrl: slow.url },
          verify: false,
        },
      });
      const id = created.body.data.id;
      const verifying = api("POST", `/api/v1/secrets/${id}/verify`, { token: t.apiKey });
      await slow.arrived(1); // the verify holds the old value and waits for the API

      const patched = await api("PATCH", `/api/v1/secrets/${id}`, {
        token: t.apiKey,
        body: { value: { token: newKey() }, verify: false },
      });
      expect(patched.status).toBe(200);
      expect(patched.body.data.status).toBe("active");

      slow.release(); // the old value is refused
      const v = await verifying;
      expect(v.status).toBe(200);
      expect(v.body.data).toMatchObject({ ok: false, class: "auth_failed", status: 401 });

      const after = await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey });
      expect(after.body.data.status).toBe("active");
      expect(after.body.data.statusDetail ?? null).toBeNull();
    } finally {
      await slow.close();
    }
  });

  it("still records the outcome when nothing changed meanwhile", async () => {
    const slow = await startRecordingApi({ answer: () => 401 });
    try {
      const t = await newTenant();
      const created = await api("POST", "/api/v1/secrets", {
        token: t.apiKey,
        body: {
          name: "plain",
          type: "BEARER",
          value: { token: newKey() },
          componentId: "http-api",
          config: { baseUrl: slow.url },
          verify: false,
        },
      });
      const v = await api("POST", `/api/v1/secrets/${created.body.data.id}/verify`, { token: t.apiKey });
      expect(v.body.data).toMatchObject({ ok: false, class: "auth_failed" });
      const after = await api("GET", `/api/v1/secrets/${created.body.data.id}`, { token: t.apiKey });
      expect(after.body.data.status).toBe("error");
      expect(after.body.data.lastVerifiedAt).not.toBeNull();
    } finally {
      await slow.close();
    }
  });
});
