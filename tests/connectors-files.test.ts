import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { api, newTenant } from "./api";

// SFTP and FTP credentials through the REST API, proved against the real sshd and vsftpd the
// test runner starts (scripts/start-sshd.sh, scripts/start-vsftpd.sh). A missing variable
// fails the tests: a skipped check would hide a broken CI.
function need(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: npm test starts sshd and vsftpd and sets it (scripts/test.sh)`);
  return v;
}
const fromUrl = (raw: string) => {
  const u = new URL(raw);
  return {
    host: u.hostname,
    port: Number(u.port),
    username: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
  };
};

const saved = { allow: process.env.OUTBOUND_ALLOW_HOSTS, ca: process.env.NODE_EXTRA_CA_CERTS };
beforeAll(() => {
  process.env.OUTBOUND_ALLOW_HOSTS = "127.0.0.1";
  resetEnvCache();
});
afterAll(() => {
  for (const [name, v] of [
    ["OUTBOUND_ALLOW_HOSTS", saved.allow],
    ["NODE_EXTRA_CA_CERTS", saved.ca],
  ] as const) {
    if (v === undefined) delete process.env[name];
    else process.env[name] = v;
  }
  resetEnvCache();
});

type Case = {
  componentId: string;
  type: string;
  value: () => Record<string, unknown>;
  /** A field the PATCH changes, and what it becomes. */
  edit: (v: Record<string, unknown>) => Record<string, unknown>;
  secrets: (v: Record<string, unknown>) => string[];
  url: string;
};

const cases: Case[] = [
  {
    componentId: "sftp",
    type: "SFTP",
    value: () => {
      const dir = need("TEST_SFTP_DIR");
      const pub = readFileSync(path.join(dir, "host_key.pub"), "utf8").split(" ")[1];
      const digest = createHash("sha256").update(Buffer.from(pub, "base64")).digest("base64");
      return { ...fromUrl(need("TEST_SFTP_URL")), hostKeyFingerprint: `SHA256:${digest.replace(/=+$/, "")}` };
    },
    // The same login by key instead of password.
    edit: (v) => {
      const { password: _unused, ...rest } = v;
      return { ...rest, privateKey: readFileSync(path.join(need("TEST_SFTP_DIR"), "client_key"), "utf8").trim() };
    },
    secrets: (v) => [String(v.password)],
    url: "sftp:",
  },
  {
    componentId: "ftp",
    type: "FTP",
    value: () => ({ ...fromUrl(need("TEST_FTP_URL")), tls: "explicit" }),
    edit: (v) => ({ ...v, tls: "none" }),
    secrets: (v) => [String(v.password)],
    url: "ftp:",
  },
];

describe.each(cases)("$type through the API, against the real server", (c) => {
  beforeAll(() => {
    // The check process trusts vsftpd's self-signed certificate (it inherits this variable).
    process.env.NODE_EXTRA_CA_CERTS = need("TEST_FTP_CA");
  });

  it("creates (dry run ok), lists masked, reads back, answers connection options, patches and deletes", async () => {
    const t = await newTenant();
    const value = c.value();
    const created = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: { name: `files ${c.type}`, type: c.type, value, componentId: c.componentId },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.data.status).toBe("active");
    expect(created.body.data.lastVerifiedAt).not.toBeNull();
    const id = created.body.data.id;

    const list = await api("GET", "/api/v1/secrets", { token: t.apiKey });
    const item = list.body.data.find((s: { id: string }) => s.id === id);
    expect(item).toBeDefined();
    for (const s of c.secrets(value)) expect(JSON.stringify(list.body)).not.toContain(s);

    const read = await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey });
    expect(read.status).toBe(200);
    expect(read.body.data.value).toEqual(value);

    const auth = await api("GET", `/api/v1/secrets/${id}/request-auth`, { token: t.apiKey });
    expect(auth.status).toBe(200);
    expect(auth.body.data.connection).toMatchObject({
      host: value.host,
      port: value.port,
      username: value.username,
      password: value.password,
    });
    const url = new URL(auth.body.data.connection.url);
    expect([url.protocol, url.hostname, Number(url.port), decodeURIComponent(url.password)]).toEqual([
      c.url,
      value.host,
      value.port,
      value.password,
    ]);

    const edited = c.edit(value);
    const patched = await api("PATCH", `/api/v1/secrets/${id}`, { token: t.apiKey, body: { value: edited } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect((await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey })).body.data.value).toEqual(edited);

    expect((await api("DELETE", `/api/v1/secrets/${id}`, { token: t.apiKey })).status).toBe(204);
    expect((await api("GET", `/api/v1/secrets/${id}`, { token: t.apiKey })).status).toBe(404);
  });

  it("refuses a wrong password with 422 auth_failed and stores nothing", async () => {
    const t = await newTenant();
    const password = `wrong-${Math.random().toString(36).slice(2)}`;
    const bad = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: { name: "bad", type: c.type, value: { ...c.value(), password }, componentId: c.componentId },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.verification.class).toBe("auth_failed");
    expect(JSON.stringify(bad.body)).not.toContain(password);
    expect((await api("GET", "/api/v1/secrets", { token: t.apiKey })).body.data).toHaveLength(0);
  });
});

describe("either/or fields through the API", () => {
  it("an SFTP value with neither a password nor a key is a 400 on value.password", async () => {
    const t = await newTenant();
    const r = await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      body: { name: "x", type: "SFTP", value: { host: "127.0.0.1", username: "u" }, componentId: "sftp" },
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body.error)).toContain("Enter a password or a private key");
  });
});
