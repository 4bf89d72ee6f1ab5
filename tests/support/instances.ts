import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";

/**
 * Several app processes on the one PostgreSQL database a `*.pg.test.ts` runs on: each is
 * tests/support/app-server.ts (the real route handlers over node:http on 127.0.0.1), started
 * with this process's environment plus `env`. `pid` is the app's own process (tsx runs it in a
 * child of `child`).
 */
export type Instance = { child: ChildProcess; pid: number; url: string; exited: Promise<void> };

export async function startInstance(name: string, env: Record<string, string> = {}): Promise<Instance> {
  const child = spawn(
    path.resolve("node_modules/.bin/tsx"),
    ["--conditions=react-server", "tests/support/app-server.ts"],
    {
      cwd: process.cwd(),
      env: {
        ...process.env,
        OUTBOUND_ALLOW_HOSTS: "127.0.0.1",
        LOG_LEVEL: "warn",
        LOG_FILE: path.join(process.env.IC_TEST_SCRATCH ?? ".", `instance-${name}.log`),
        ...env,
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const { port, pid } = await new Promise<{ port: number; pid: number }>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => resolve(JSON.parse(line)));
    child.once("exit", (code) => reject(new Error(`instance ${name} exited (${code}) before listening`)));
  });
  const url = `http://127.0.0.1:${port}`;
  // The first request opens the database (and waits for the migration lock).
  const health = await fetch(`${url}/api/health`);
  if (!health.ok) throw new Error(`instance ${name}: /api/health ${health.status}`);
  return { child, pid, url, exited };
}

/** Stops an instance (SIGTERM) and waits for it to exit. */
export async function stopInstance(i: Instance | undefined): Promise<void> {
  if (!i || i.child.exitCode !== null || i.child.signalCode !== null) return;
  i.child.kill("SIGTERM");
  await i.exited;
}
