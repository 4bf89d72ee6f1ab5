/**
 * `npm start`: build when the build is missing or stale, migrate, seed a demo tenant on
 * the very first run (printing its login and API key once), then serve on PORT (3000).
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { count } from "drizzle-orm";
import { closeDb, getDb } from "@/db/client";
import { tenants } from "@/db/schema";
import { createApiKey } from "@/lib/auth/api-keys";
import { env } from "@/lib/env";
import { createTenant } from "@/lib/tenants/create";

/** Human-facing CLI output (the service itself logs through pino). */
const say = (...lines: string[]) => process.stdout.write(lines.join(" ") + "\n");

const NEXT = "node_modules/.bin/next";
const STAMP = ".next/ic-source-stamp";

/** A fingerprint of the checked-out source, so a `git pull` triggers a rebuild. */
function sourceStamp(): string {
  try {
    const head = execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8" });
    const dirty = execFileSync("git", ["status", "--porcelain", "--", ".", ":!.data"], { encoding: "utf8" });
    return createHash("sha256")
      .update(head + dirty)
      .digest("hex");
  } catch {
    return "no-git";
  }
}

function buildIfNeeded() {
  const stamp = sourceStamp();
  const built = existsSync(".next/BUILD_ID") && existsSync(STAMP) && readFileSync(STAMP, "utf8") === stamp;
  if (built) return;
  say("› Building Integration Center (first run or source changed)…");
  const r = spawnSync(NEXT, ["build"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  if (r.status !== 0) process.exit(r.status ?? 1);
  writeFileSync(STAMP, stamp);
}

async function seedOnce() {
  const db = await getDb();
  const [{ n }] = await db.select({ n: count() }).from(tenants);
  if (n > 0) return;
  const password = randomBytes(12).toString("base64url");
  const email = "admin@demo.test";
  const { tenant } = await createTenant(db, { name: "Demo", adminEmail: email, adminPassword: password });
  const { key } = await createApiKey(db, { tenantId: tenant.id, name: "Demo key" });
  say(
    [
      "",
      "  Demo tenant created. These are shown once; store them now.",
      `  Dashboard login  ${email}`,
      `  Password         ${password}`,
      `  API key          ${key}`,
      "",
    ].join("\n"),
  );
}

async function main() {
  env(); // validates configuration and creates the embedded secrets on first run
  buildIfNeeded();
  await seedOnce();
  await closeDb(); // PGlite allows one process per directory: hand it over to the server
  const port = process.env.PORT ?? "3000";
  say(`› Serving on http://localhost:${port}`);
  const child = spawn(NEXT, ["start", "-p", port], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_MANUAL_SIG_HANDLE: "true", AUTH_TRUST_HOST: "true" },
  });
  for (const s of ["SIGINT", "SIGTERM"] as const) process.on(s, () => child.kill(s));
  child.on("exit", (code) => process.exit(code ?? 0));
}

main().catch(async (err) => {
  console.error(err instanceof Error ? err.message : err);
  await closeDb().catch(() => {});
  process.exit(1);
});
