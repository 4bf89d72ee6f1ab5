/**
 * `npm start`: build when the build is missing or stale (without Next's route table in the
 * output), migrate, seed a demo tenant on the very first run, then serve on PORT (3000). The
 * demo login and API key are printed once, in a box, after the server answers: printed
 * before, they would scroll away under Next's start-up lines.
 */
import { execFileSync, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { count } from "drizzle-orm";
import { closeDb, getDb } from "@/db/client";
import { tenants } from "@/db/schema";
import { syncLogos } from "./build-logos";
import { box, pipeLines, waitForReady, withoutRouteTable } from "./start-output";
import { createApiKey } from "@/lib/auth/api-keys";
import { env } from "@/lib/env";
import { serverNodeOptions } from "@/lib/node-options";
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

async function buildIfNeeded() {
  const stamp = sourceStamp();
  const built = existsSync(".next/BUILD_ID") && existsSync(STAMP) && readFileSync(STAMP, "utf8") === stamp;
  if (built) return;
  say("› Building Integration Center (first run or source changed)…");
  // The same step as `npm run build`: public/logos from the installed simple-icons.
  syncLogos();
  const child = spawn(NEXT, ["build"], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, NODE_ENV: "production" },
  });
  pipeLines(child.stdout, (t) => process.stdout.write(t), withoutRouteTable());
  const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (status !== 0) process.exit(status ?? 1);
  writeFileSync(STAMP, stamp);
}

/** Seeds the demo tenant on the very first run; returns the lines to show once the server is up. */
async function seedOnce(): Promise<string[] | null> {
  const db = await getDb();
  const [{ n }] = await db.select({ n: count() }).from(tenants);
  if (n > 0) return null;
  const password = randomBytes(12).toString("base64url");
  const email = "admin@demo.test";
  const { tenant } = await createTenant(db, { name: "Demo", adminEmail: email, adminPassword: password });
  const { key } = await createApiKey(db, { tenantId: tenant.id, name: "Demo key" });
  return [
    "Demo tenant created. These are shown once: store them now.",
    "",
    `Dashboard login  ${email}`,
    `Password         ${password}`,
    `API key          ${key}`,
    "",
    "Lost the password later? npm run cli -- user reset-password --email " + email,
    "(on the embedded database, with the server stopped: one process at a time)",
  ];
}

async function main() {
  env(); // validates configuration and creates the embedded secrets on first run
  await buildIfNeeded();
  const demo = await seedOnce();
  await closeDb(); // PGlite allows one process per directory: hand it over to the server
  const port = process.env.PORT ?? "3000";
  say(`› Serving on http://localhost:${port}`);
  const child = spawn(NEXT, ["start", "-p", port], {
    stdio: "inherit",
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_MANUAL_SIG_HANDLE: "true",
      AUTH_TRUST_HOST: "true",
      NODE_OPTIONS: serverNodeOptions(process.env.NODE_OPTIONS, env().SERVER_HEAP_MB),
    },
  });
  for (const s of ["SIGINT", "SIGTERM"] as const) process.on(s, () => child.kill(s));
  child.on("exit", (code) => process.exit(code ?? 0));
  const url = `http://127.0.0.1:${port}`;
  // A slow first start still shows the demo login (it exists only in this process's memory).
  const ready = await waitForReady(`${url}/api/health`).then(
    () => `Integration Center is ready: http://localhost:${port}`,
    (err: Error) => err.message,
  );
  say(`\n${box([ready, ...(demo ? ["", ...demo] : [])])}\n`);
}

main().catch(async (err) => {
  console.error(err instanceof Error ? err.message : err);
  await closeDb().catch(() => {});
  process.exit(1);
});
