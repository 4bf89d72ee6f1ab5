import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { loginThrottles } from "@/db/schema";
import { createTenant } from "@/lib/tenants/create";
import { uniq } from "@/tests/api";
import { checkLogin, MAX_FAILURES } from "./login";

const PASSWORD = "correct horse battery";

async function member() {
  const db = await getDb();
  const email = `${uniq("login")}@example.test`;
  const { tenant } = await createTenant(db, { name: "T", adminEmail: email, adminPassword: PASSWORD });
  return { db, email, tenantId: tenant.id };
}

describe("dashboard login", () => {
  it("accepts the right password (email case-insensitive) and refuses a wrong one", async () => {
    const { db, email, tenantId } = await member();
    expect(await checkLogin(db, email.toUpperCase(), PASSWORD)).toMatchObject({ email, tenantId, role: "admin" });
    expect(await checkLogin(db, email, "wrong password")).toBeNull();
    expect(await checkLogin(db, `nobody-${email}`, PASSWORD)).toBeNull();
  });

  it(`locks an email after ${MAX_FAILURES} failures, even for the right password, until the lock ends`, { timeout: 60_000 }, async () => {
    const { db, email } = await member();
    for (let i = 0; i < MAX_FAILURES - 1; i++) expect(await checkLogin(db, email, `guess-${i}`)).toBeNull();
    expect(await checkLogin(db, email, PASSWORD)).not.toBeNull(); // success before the limit resets the count
    for (let i = 0; i < MAX_FAILURES; i++) await checkLogin(db, email, `guess-${i}`);
    expect(await checkLogin(db, email, PASSWORD)).toBeNull();
    await db.update(loginThrottles).set({ lockedUntil: sql`now() - interval '1 second'` }).where(eq(loginThrottles.email, email));
    expect(await checkLogin(db, email, PASSWORD)).not.toBeNull();
    expect(await db.select().from(loginThrottles).where(eq(loginThrottles.email, email))).toHaveLength(0);
  });

  it("locks unknown emails too, so lockout does not reveal which accounts exist", { timeout: 60_000 }, async () => {
    const db = await getDb();
    const email = `${uniq("ghost")}@example.test`;
    for (let i = 0; i < MAX_FAILURES; i++) await checkLogin(db, email, `guess-${i}`);
    const [row] = await db.select().from(loginThrottles).where(eq(loginThrottles.email, email));
    expect(row.failures).toBe(MAX_FAILURES);
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
  });
});
