import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { DecryptionError } from "./aead";
import { masterKeyring, resetMasterKeyring, unwrapDataKey, wrapDataKey } from "./master";

const VARS = ["NODE_ENV", "DATA_DIR", "DATABASE_URL", "ENCRYPTION_KEY", "ENCRYPTION_KEYS"] as const;
const saved = Object.fromEntries(VARS.map((v) => [v, process.env[v]]));

// Every file shares one process, so each case restores the environment it changed.
function setEnv(values: Partial<Record<(typeof VARS)[number], string | undefined>>) {
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) delete process.env[k];
    else (process.env as Record<string, string>)[k] = v;
  }
  resetEnvCache();
  resetMasterKeyring();
}

afterEach(() => setEnv(saved));

const noKey = { ENCRYPTION_KEY: undefined, ENCRYPTION_KEYS: undefined, DATABASE_URL: undefined, NODE_ENV: "test" };
const k = () => randomBytes(32).toString("base64");

describe("masterKeyring", () => {
  it("creates master.key with mode 0600 when missing, and reuses it", () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "ic-master-")), "data");
    setEnv({ ...noKey, DATA_DIR: dir });
    const first = masterKeyring();
    const file = path.join(dir, "master.key");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.active).toBe("v1");
    expect(first.keys.get("v1")).toHaveLength(32);
    expect(Buffer.from(readFileSync(file, "utf8").trim(), "base64").equals(first.keys.get("v1")!)).toBe(true);

    resetMasterKeyring();
    expect(masterKeyring().keys.get("v1")!.equals(first.keys.get("v1")!)).toBe(true);
  });

  it("rejects a malformed master.key", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ic-master-"));
    writeFileSync(path.join(dir, "master.key"), "c2hvcnQ=\n", { mode: 0o600 });
    setEnv({ ...noKey, DATA_DIR: dir });
    expect(() => masterKeyring()).toThrow(/master\.key must be 32 bytes/);
  });

  it("generates the key file for embedded production, but requires a key with Postgres", () => {
    const embedded = mkdtempSync(path.join(tmpdir(), "ic-master-"));
    setEnv({ ...noKey, DATA_DIR: embedded, NODE_ENV: "production" });
    expect(masterKeyring().keys.get("v1")!.length).toBe(32);
    expect(statSync(path.join(embedded, "master.key")).mode & 0o777).toBe(0o600);
    const dir = mkdtempSync(path.join(tmpdir(), "ic-master-"));
    setEnv({ ...noKey, DATA_DIR: dir, NODE_ENV: "production", DATABASE_URL: "postgres://u@127.0.0.1:1/db" });
    expect(() => masterKeyring()).toThrow(/ENCRYPTION_KEY is required/);
    setEnv({ ...noKey, DATA_DIR: dir, DATABASE_URL: "postgres://u@127.0.0.1:1/db" });
    expect(() => masterKeyring()).toThrow(/ENCRYPTION_KEY is required/);
    expect(() => statSync(path.join(dir, "master.key"))).toThrow();
  });

  it("uses ENCRYPTION_KEY as v1, and ENCRYPTION_KEYS (first = active) over it", () => {
    const [a, b, c] = [k(), k(), k()];
    setEnv({ ENCRYPTION_KEY: a, ENCRYPTION_KEYS: undefined });
    expect(masterKeyring().active).toBe("v1");
    expect(masterKeyring().keys.get("v1")!.toString("base64")).toBe(a);
    setEnv({ ENCRYPTION_KEY: a, ENCRYPTION_KEYS: `v3:${b},v2:${c}` });
    expect(masterKeyring().active).toBe("v3");
    expect([...masterKeyring().keys.keys()]).toEqual(["v3", "v2"]);
    expect(masterKeyring().keys.get("v2")!.toString("base64")).toBe(c);
  });

  it("rejects wrong-length and duplicate keys without echoing them", () => {
    const short = randomBytes(16).toString("base64");
    setEnv({ ENCRYPTION_KEYS: `v2:${k()},v1:${short}` });
    expect(() => masterKeyring()).toThrow(/ENCRYPTION_KEYS v1 must be 32 bytes/);
    try {
      masterKeyring();
    } catch (err) {
      expect((err as Error).message).not.toContain(short);
    }
    setEnv({ ENCRYPTION_KEYS: `v1:${k()},v1:${k()}` });
    expect(() => masterKeyring()).toThrow(/listed twice/);
  });
});

describe("wrapDataKey/unwrapDataKey", () => {
  it("round-trips, and binds the wrap to tenant and version", () => {
    setEnv({ ENCRYPTION_KEYS: `v2:${k()},v1:${k()}` });
    const tenantId = randomUUID();
    const dataKey = randomBytes(32);
    const wrapped = wrapDataKey(tenantId, 4, dataKey);
    expect(wrapped.masterVersion).toBe("v2");
    expect(unwrapDataKey({ tenantId, version: 4, ...wrapped }).equals(dataKey)).toBe(true);
    expect(() => unwrapDataKey({ tenantId: randomUUID(), version: 4, ...wrapped })).toThrow(DecryptionError);
    expect(() => unwrapDataKey({ tenantId, version: 5, ...wrapped })).toThrow(DecryptionError);
    expect(() => unwrapDataKey({ tenantId, version: 4, ...wrapped, masterVersion: "v1" })).toThrow(DecryptionError);
    expect(() => unwrapDataKey({ tenantId, version: 4, ...wrapped, masterVersion: "v9" })).toThrow(DecryptionError);
  });
});
