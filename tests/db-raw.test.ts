import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDbHandle } from "@/db/client";
import { newTenant, uniq } from "./api";

// `raw` is the hot read path's prepared statement (db/client.ts): on PGlite a named statement
// parsed once, on PostgreSQL postgres.js' own prepared statements. Both must behave like a query.
describe("raw prepared queries", () => {
  it("returns parsed values (uuid, text, boolean, timestamptz, jsonb, null), twice from one statement", async () => {
    const { raw } = await getDbHandle();
    const text = "select $1::uuid as id, $2::text as t, $3::uuid is null as n, now() as at, '{\"a\":1}'::jsonb as j";
    for (const v of ["one", "two"]) {
      const id = crypto.randomUUID();
      const [row] = await raw<{ id: string; t: string; n: boolean; at: Date | string; j: unknown }>(text, [
        id,
        v,
        null,
      ]);
      expect(row).toEqual({ id, t: v, n: true, at: expect.anything(), j: { a: 1 } });
      // A Date on PGlite, the server's text on PostgreSQL (drizzle's postgres.js set-up): both parse.
      expect(Math.abs(new Date(row.at).getTime() - Date.now())).toBeLessThan(60_000);
    }
  });

  it("stays usable after a failing call, and a text that fails to parse is not kept", async () => {
    const { raw, db } = await getDbHandle();
    await expect(raw("select $1::uuid as id", ["not-a-uuid"])).rejects.toMatchObject({ code: "22P02" });
    const id = crypto.randomUUID();
    expect(await raw("select $1::uuid as id", [id])).toEqual([{ id }]);
    const broken = `selec ${uniq("x").replace(/-/g, "_")}`;
    for (let i = 0; i < 2; i++) await expect(raw(broken, [])).rejects.toMatchObject({ code: "42601" });
    await expect(db.execute(sql`select 1 as one`)).resolves.toBeDefined();
  });

  it("never runs inside another caller's open transaction", async () => {
    const { raw, db, kind } = await getDbHandle();
    const t = await newTenant();
    const username = uniq("rolled-back");
    let seen: unknown[] | undefined;
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`insert into end_users (tenant_id, username) values (${t.tenantId}, ${username})`);
        // Issued while the transaction is open. PGlite has one session, so it may only run once the
        // transaction ended; PostgreSQL runs it on another connection, which cannot see the row.
        void raw("select id from end_users where username = $1", [username]).then((r) => (seen = r));
        await new Promise((r) => setTimeout(r, 50));
        if (kind === "pglite") expect(seen).toBeUndefined();
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    await expect.poll(() => seen).toEqual([]);
  });
});
