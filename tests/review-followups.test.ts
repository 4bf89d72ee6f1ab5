import { randomBytes, randomInt } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { signUp } from "@/lib/auth/signup";
import { currentCount, pruneInPassing } from "@/lib/rate-limit/limit";
import { uniq } from "./api";

const NUL = "\u0000";
const randomIp = () => `10.${[...randomBytes(3)].join(".")}`;

describe("sign-up refuses U+0000 as a field error", () => {
  const form = () => ({
    organization: uniq("Acme"),
    email: `${uniq("founder")}@example.test`,
    password: "correct horse battery",
  });

  it.each(["organization", "password"] as const)(
    "in %s, before it reaches the database or the rate limit",
    async (field) => {
      const db = await getDb();
      const ip = randomIp();
      const input = form();
      const bad = { ...input, [field]: `${input[field]}${NUL}tail` };
      const r = await signUp(db, bad, { ip });
      expect(r).toEqual({ ok: false, fieldErrors: { [field]: expect.stringMatching(/NUL/) } });
      expect(await db.select().from(users).where(eq(users.email, input.email))).toHaveLength(0);
      // A refused form is not a sign-up: it does not count against the address.
      expect(await currentCount(db, `signup:ip:${ip}`)).toBe(0);
      // Control: the same form without the NUL signs up.
      expect(await signUp(db, input, { ip })).toEqual({ ok: true });
    },
  );

  it("a NUL in an unknown field is a form error, not a crash", async () => {
    const db = await getDb();
    const r = await signUp(db, { ...form(), [`x${NUL}`]: "y" }, { ip: randomIp() });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.formError).toMatch(/NUL/);
  });
});

describe("a failed rate-limit prune", () => {
  it("is logged with its SQLSTATE but without the query's parameters", async () => {
    const db = await getDb();
    // The batch size is the prune's one bound parameter: a number no other log line holds.
    const canary = 900_000_000 + randomInt(99_999_999);
    // The log file appears with its first line, which may be this one.
    const log = () => (existsSync(process.env.LOG_FILE!) ? readFileSync(process.env.LOG_FILE!, "utf8") : "");
    const before = log().length;
    const done = new Error("roll back");
    await expect(
      db.transaction(async (tx) => {
        // After a failed statement the transaction refuses every other one (25P02).
        await tx.execute(sql`select 1/0`).catch(() => undefined);
        await pruneInPassing(tx, canary);
        throw done;
      }),
    ).rejects.toBe(done);
    const lines = log().slice(before).split("\n");
    const warning = lines.find((l) => l.includes("rate limit prune failed"));
    expect(warning, "the failure is logged").toBeDefined();
    expect(warning).toContain("25P02");
    expect(lines.join("\n")).not.toContain(String(canary));
  });
});
