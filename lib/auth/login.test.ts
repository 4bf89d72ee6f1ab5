import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { rateLimits } from "@/db/schema";
import { ApiError } from "@/lib/api/errors";
import { currentCount } from "@/lib/rate-limit/limit";
import { createTenant } from "@/lib/tenants/create";
import { uniq } from "@/tests/api";
import { checkLogin, MAX_FAILURES } from "./login";

const PASSWORD = "correct horse battery";
const randomIp = () => `10.${[...randomBytes(3)].join(".")}`;

async function member() {
  const db = await getDb();
  const email = `${uniq("login")}@example.test`;
  const { tenant } = await createTenant(db, { name: "T", adminEmail: email, adminPassword: PASSWORD });
  return { db, email, tenantId: tenant.id };
}

/** The login's outcome: the member, null for a wrong password, "limited" for a 429. */
async function outcome(p: Promise<unknown>) {
  try {
    return await p;
  } catch (err) {
    if (err instanceof ApiError && err.code === "rate_limited") return "limited";
    throw err;
  }
}

describe("dashboard login", () => {
  it("accepts the right password (email case-insensitive) and refuses a wrong one", async () => {
    const { db, email, tenantId } = await member();
    expect(await checkLogin(db, email.toUpperCase(), PASSWORD)).toMatchObject({
      email,
      tenantId,
      role: "admin",
      sessionVersion: 0,
    });
    expect(await checkLogin(db, email, "wrong password")).toBeNull();
    expect(await checkLogin(db, `nobody-${email}`, PASSWORD)).toBeNull();
  });

  it(
    `refuses an email after ${MAX_FAILURES} failures, even with the right password, until the window ends`,
    { timeout: 60_000 },
    async () => {
      const { db, email } = await member();
      const key = `login:email:${email}`;
      for (let i = 0; i < MAX_FAILURES - 1; i++) expect(await checkLogin(db, email, `guess-${i}`)).toBeNull();
      expect(await checkLogin(db, email, PASSWORD)).not.toBeNull(); // a success does not count
      expect(await currentCount(db, key)).toBe(MAX_FAILURES - 1);
      expect(await checkLogin(db, email, "guess-last")).toBeNull(); // the 10th failure is still checked
      const refused = await checkLogin(db, email, PASSWORD).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ApiError);
      expect((refused as ApiError).code).toBe("rate_limited");
      expect(Number((refused as ApiError).extra.headers?.["Retry-After"])).toBeGreaterThan(14 * 60);
      await db
        .update(rateLimits)
        .set({ resetAt: sql`now() - interval '1 second'` })
        .where(eq(rateLimits.key, key));
      expect(await checkLogin(db, email, PASSWORD)).not.toBeNull();
      expect(await currentCount(db, key)).toBe(0);
    },
  );

  it(
    "counts guesses sent in parallel before hashing, so they cannot outrun the lockout",
    { timeout: 60_000 },
    async () => {
      const { db, email } = await member();
      const guesses = Array.from({ length: 2 * MAX_FAILURES }, (_, i) => outcome(checkLogin(db, email, `guess-${i}`)));
      // The right password goes last, while the wrong guesses are still inside scrypt.
      await new Promise((r) => setTimeout(r, 50));
      const right = outcome(checkLogin(db, email, PASSWORD));
      const results = await Promise.all(guesses);
      expect(results.filter((r) => r === null)).toHaveLength(MAX_FAILURES); // exactly MAX_FAILURES were checked
      expect(results.filter((r) => r === "limited")).toHaveLength(MAX_FAILURES);
      expect(await right).toBe("limited");
    },
  );

  it("limits password checks per client address across emails", { timeout: 60_000 }, async () => {
    const db = await getDb();
    const ip = randomIp();
    const max = Number(process.env.RATE_LIMIT_PASSWORD_PER_IP ?? 100);
    const key = `password:ip:${ip}`;
    // Spend all but one of the address's budget without hashing 100 passwords.
    await db.insert(rateLimits).values({ key, count: max - 1, resetAt: sql`now() + interval '10 minutes'` });
    const { email } = await member();
    expect(await checkLogin(db, email, PASSWORD, { ip })).not.toBeNull(); // a success gives its count back
    expect(await checkLogin(db, `${uniq("spray")}@example.test`, "guess", { ip })).toBeNull();
    expect(await outcome(checkLogin(db, email, PASSWORD, { ip }))).toBe("limited");
    // Another address is not affected.
    expect(await checkLogin(db, email, PASSWORD, { ip: randomIp() })).not.toBeNull();
  });

  it(
    "counts unknown emails too, so the lockout does not reveal which accounts exist",
    { timeout: 60_000 },
    async () => {
      const db = await getDb();
      const email = `${uniq("ghost")}@example.test`;
      for (let i = 0; i < MAX_FAILURES; i++) expect(await checkLogin(db, email, `guess-${i}`)).toBeNull();
      expect(await outcome(checkLogin(db, email, "guess"))).toBe("limited");
      const [row] = await db
        .select()
        .from(rateLimits)
        .where(eq(rateLimits.key, `login:email:${email}`));
      expect(row.count).toBe(MAX_FAILURES + 1);
      expect(row.resetAt.getTime()).toBeGreaterThan(Date.now());
    },
  );
});
