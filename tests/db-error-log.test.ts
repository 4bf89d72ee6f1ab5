import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { getDbHandle } from "@/db/client";
import { withApi } from "@/lib/api/with-api";
import { errorForLog } from "@/lib/log";
import { newTenant, uniq } from "./api";

/** The log lines written for one request id. */
const linesFor = (requestId: string) =>
  readFileSync(process.env.LOG_FILE!, "utf8")
    .split("\n")
    .filter((l) => l.includes(requestId));

// Each failure carries the canary as a bound parameter; Postgres also echoes it in its message.
const failures: { name: string; code: string; run: (canary: string, tenantId: string) => Promise<unknown> }[] = [
  {
    name: "drizzle query, bad uuid (message echoes the value)",
    code: "22P02",
    run: async (canary) => (await getDbHandle()).db.execute(sql`select ${canary}::uuid`),
  },
  {
    name: "drizzle query, unique violation (detail echoes the value)",
    code: "23505",
    run: async (canary, tenantId) => {
      const { db } = await getDbHandle();
      await db.execute(sql`insert into end_users (tenant_id, username) values (${tenantId}, ${canary})`);
      await db.execute(sql`insert into end_users (tenant_id, username) values (${tenantId}, ${canary})`);
    },
  },
  {
    name: "raw prepared query (no drizzle wrapper)",
    code: "22P02",
    run: async (canary) => (await getDbHandle()).raw("select $1::uuid", [canary]),
  },
];

describe("database errors are logged without their parameters", () => {
  it.each(failures)("$name", async ({ run, code }) => {
    const { apiKey, tenantId } = await newTenant();
    const canary = `canary-${uniq("p")}`;
    const handler = withApi(
      async () => {
        await run(canary, tenantId);
        return new Response(null, { status: 204 });
      },
      { allow: ["api_key"] },
    );
    const res = await handler(
      new NextRequest("http://127.0.0.1/api/x", { headers: { authorization: `Bearer ${apiKey}` } }),
      {
        params: Promise.resolve({}),
      },
    );
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(body).not.toContain(canary);
    const lines = linesFor(res.headers.get("x-request-id")!);
    const error = lines.find((l) => l.includes("unhandled error"));
    expect(error, "the error line is written").toBeDefined();
    // Enough to debug: the SQLSTATE is there…
    expect(error).toContain(code);
    // …and the value is not, in any line of the request.
    expect(lines.join("\n")).not.toContain(canary);
  });

  it("keeps the SQL text (placeholders only) and the stack frames of a drizzle error", async () => {
    const canary = `canary-${uniq("p")}`;
    const err = await (await getDbHandle()).db.execute(sql`select ${canary}::uuid as probe`).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(String((err as Error).message)).toContain(canary); // the reason for all this
    const logged = errorForLog(err) as Record<string, any>;
    expect(logged.query).toContain("as probe");
    expect(logged.cause.code).toBe("22P02");
    expect(JSON.stringify(logged)).not.toContain(canary);
  });

  it("other errors keep their message and stack", () => {
    const logged = errorForLog(new TypeError("x is not a function")) as Record<string, string>;
    expect(logged.name).toBe("TypeError");
    expect(logged.stack).toContain("x is not a function");
    expect(errorForLog("plain")).toBe("plain");
  });
});
