import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDbHandle } from "@/db/client";
import { endUsers } from "@/db/schema";
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

  it("drizzle on PGlite runs through named statements: parsed once, values round-trip in and out of transactions", async () => {
    const { db, kind } = await getDbHandle();
    if (kind !== "pglite") return; // postgres.js prepares on its own
    const t = await newTenant();
    const { raw } = await getDbHandle();
    const count = async () =>
      (
        await raw<{ n: number }>(
          `select count(*)::int as n from pg_prepared_statements where statement like '%"end_users"%'`,
          [],
        )
      )[0].n;
    const at = new Date("2030-01-02T03:04:05.678Z");
    const pick = (username: string) =>
      db
        .select({ id: endUsers.id, createdAt: endUsers.createdAt })
        .from(endUsers)
        .where(and(eq(endUsers.tenantId, t.tenantId), eq(endUsers.username, username)));
    const username = uniq("p");
    await db.insert(endUsers).values({ tenantId: t.tenantId, username, createdAt: at });
    await pick(username); // the text is prepared now
    const before = await count();
    expect(before).toBeGreaterThan(0); // drizzle's texts quote "end_users"; PGlite's own query() names none
    const [row] = await pick(username);
    expect(row.createdAt).toEqual(at);
    expect(await count()).toBe(before); // the same text reuses its statement
    await db.transaction(async (tx) => {
      const [inside] = await tx
        .select({ id: endUsers.id, createdAt: endUsers.createdAt })
        .from(endUsers)
        .where(and(eq(endUsers.tenantId, t.tenantId), eq(endUsers.username, username)));
      expect(inside).toEqual(row);
      await tx
        .update(endUsers)
        .set({ createdAt: new Date(at.getTime() + 1000) })
        .where(eq(endUsers.id, row.id));
    });
    expect((await pick(username))[0].createdAt).toEqual(new Date(at.getTime() + 1000));
  });

  it("PGlite runs with the configured buffer pool (PGLITE_SHARED_BUFFERS, 32MB by default), not Postgres' 128MB", async () => {
    const { raw, kind } = await getDbHandle();
    if (kind !== "pglite") return;
    const [row] = await raw<{ shared_buffers: string }>("show shared_buffers", []);
    expect(row.shared_buffers).toBe(process.env.PGLITE_SHARED_BUFFERS ?? "32MB");
  });

  it("a caller's own parsers override PGlite's defaults for its query only (drizzle keeps timestamps as text)", async () => {
    const { db, raw, kind } = await getDbHandle();
    if (kind !== "pglite") return;
    const text = sql`select '2030-01-02 03:04:05'::timestamp as t, 42::int4 as n`;
    const { rows } = (await db.execute(text)) as unknown as { rows: { t: unknown; n: unknown }[] };
    expect(rows[0]).toEqual({ t: "2030-01-02 03:04:05", n: 42 });
    // The defaults are untouched: a query without parsers still gets a Date.
    const [plain] = await raw<{ t: unknown }>("select '2030-01-02 03:04:05'::timestamp as t", []);
    expect(plain.t).toBeInstanceOf(Date);
  });

  it("statements that are not queries (SHOW, DDL) run unprepared, in and out of transactions", async () => {
    const { db, raw, kind } = await getDbHandle();
    const table = uniq("tmp").replace(/-/g, "_");
    expect(await raw<{ TimeZone?: string; timezone?: string }>("show timezone", [])).toHaveLength(1);
    await db.transaction(async (tx) => {
      await tx.execute(sql.raw(`create temp table ${table} (n int) on commit drop`));
      await tx.execute(sql.raw(`insert into ${table} values (1)`));
      await tx.execute(sql`show timezone`);
    });
    if (kind === "pglite") {
      const [{ n }] = await raw<{ n: number }>(
        "select count(*)::int as n from pg_prepared_statements where statement ilike 'show%' or statement ilike 'create%'",
        [],
      );
      expect(n).toBe(0);
    }
  });
});
