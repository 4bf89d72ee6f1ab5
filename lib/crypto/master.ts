import "server-only";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { env, readOrCreateSecretFile } from "@/lib/env";
import { DecryptionError, open, seal } from "./aead";

/** Master keys by version name ("v1", "v2"…); `active` wraps new and re-wrapped data keys. */
export type MasterKeyring = { active: string; keys: Map<string, Buffer> };

let cached: MasterKeyring | undefined;

// Strict base64 of exactly 32 bytes. The error names the source, never the value.
function decodeKey(value: string, source: string): Buffer {
  const key = Buffer.from(value, "base64");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || key.length !== 32) {
    throw new Error(`${source} must be 32 bytes, base64-encoded`);
  }
  return key;
}

function parseKeyList(list: string): MasterKeyring {
  const keys = new Map<string, Buffer>();
  for (const entry of list.split(",")) {
    const [name, value = ""] = entry.trim().split(":");
    if (!/^v[1-9][0-9]{0,8}$/.test(name)) throw new Error(`ENCRYPTION_KEYS: bad version name "${name}"`);
    if (keys.has(name)) throw new Error(`ENCRYPTION_KEYS: version ${name} is listed twice`);
    keys.set(name, decodeKey(value, `ENCRYPTION_KEYS ${name}`));
  }
  return { active: keys.keys().next().value!, keys };
}

function loadKeyring(): MasterKeyring {
  const e = env();
  if (e.ENCRYPTION_KEYS) return parseKeyList(e.ENCRYPTION_KEYS);
  if (e.ENCRYPTION_KEY) return { active: "v1", keys: new Map([["v1", decodeKey(e.ENCRYPTION_KEY, "ENCRYPTION_KEY")]]) };
  // A generated key file only makes sense where the data sits beside it (the embedded
  // PGlite default, which `npm start` runs in production mode). With a shared Postgres,
  // every instance needs the same key and losing a local file would lose every secret.
  if (e.dbKind === "postgres") {
    throw new Error(
      "ENCRYPTION_KEY is required with DATABASE_URL (32 random bytes, base64; e.g. `openssl rand -base64 32`)",
    );
  }
  const file = path.join(e.DATA_DIR, "master.key");
  const value = readOrCreateSecretFile(file, () => randomBytes(32).toString("base64"));
  return { active: "v1", keys: new Map([["v1", decodeKey(value, file)]]) };
}

/** The master keyring: ENCRYPTION_KEYS, else ENCRYPTION_KEY, else `${DATA_DIR}/master.key` (embedded PGlite only). Cached. */
export function masterKeyring(): MasterKeyring {
  cached ??= loadKeyring();
  return cached;
}

/** Forgets the cached keyring, so the next call re-reads the environment. For tests. */
export function resetMasterKeyring(): void {
  cached = undefined;
}

// Envelopes carry a numeric version; master versions are named "v<N>".
const versionNumber = (name: string) => Number(name.slice(1));

// The wrap is bound to the tenant and data-key version, so a wrapped key cannot be swapped
// onto another tenant's row or another version.
const wrapAad = (tenantId: string, version: number) => JSON.stringify(["data-key", tenantId, version]);

/** Encrypts a tenant data key under the active master key. */
export function wrapDataKey(
  tenantId: string,
  version: number,
  dataKey: Buffer,
): { masterVersion: string; wrappedKey: string } {
  const { active, keys } = masterKeyring();
  const wrappedKey = seal(keys.get(active)!, versionNumber(active), dataKey, wrapAad(tenantId, version));
  return { masterVersion: active, wrappedKey };
}

/** Decrypts a stored data key. Throws DecryptionError if its master version is not configured or the wrap is not authentic. */
export function unwrapDataKey(row: {
  tenantId: string;
  version: number;
  masterVersion: string;
  wrappedKey: string;
}): Buffer {
  const master = masterKeyring().keys.get(row.masterVersion);
  if (!master) throw new DecryptionError("unknown_key");
  return open(master, row.wrappedKey, wrapAad(row.tenantId, row.version));
}
