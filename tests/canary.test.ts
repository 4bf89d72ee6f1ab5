import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { api, newTenant, uniq } from "./api";

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

const containsIn = (files: string[], needle: string) =>
  files.some((f) => readFileSync(f).includes(Buffer.from(needle)));

describe("canary: secret values never reach disk in clear or the logs", () => {
  it("a canary value is absent from the database files and the server log", async () => {
    const canary = `canary-${uniq("v")}-${Date.now()}`;
    const marker = uniq("visible-name");
    const t = await newTenant();
    const c = await api("POST", "/api/v1/secrets?username=canary-user", {
      token: t.apiKey,
      body: { name: marker, type: "SIMPLE", value: { username: "u", passphrase: canary } },
    });
    expect(c.status).toBe(201);
    // Exercise every path that touches the value: read, request-auth, patch, a failing patch.
    expect(
      (await api("GET", `/api/v1/secrets/${c.body.data.id}`, { token: t.apiKey })).body.data.value.passphrase,
    ).toBe(canary);
    await api("GET", `/api/v1/secrets/${c.body.data.id}/request-auth`, { token: t.apiKey });
    await api("PATCH", `/api/v1/secrets/${c.body.data.id}`, {
      token: t.apiKey,
      body: { value: { username: "u", passphrase: canary, bad: canary } },
    });
    await api("POST", "/api/v1/secrets", {
      token: t.apiKey,
      raw: `{"name":"x","type":"SIMPLE","value":{"passphrase":"${canary}"`,
    });

    const log = readFileSync(process.env.LOG_FILE!, "utf8");
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain(canary);

    const dir = process.env.PGLITE_DIR;
    if (process.env.DATABASE_URL) {
      // On Postgres, look at what the database holds instead of its files.
      const db = await getDb();
      const dump =
        JSON.stringify(await db.execute(sql`select * from secrets`)) +
        JSON.stringify(await db.execute(sql`select * from audit_events`));
      expect(dump).toContain(marker); // the scan sees plaintext columns…
      expect(dump).not.toContain(canary); // …but never the value
      return;
    }
    const db = await getDb();
    await db.execute(sql`checkpoint`);
    const files = filesUnder(dir!);
    // Positive control: the non-secret name is stored in clear, so the scan can find text.
    expect(containsIn(files, marker)).toBe(true);
    expect(containsIn(files, canary)).toBe(false);
  });
});
