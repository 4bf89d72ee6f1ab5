/**
 * One app instance for multi-process tests: serves the real route handlers (routed by the
 * route registry, through tests/api.ts) over node:http on 127.0.0.1:0 and prints
 * `{"port": N, "pid": P}` on stdout once listening. Configuration comes from the environment
 * (DATABASE_URL, AUTH_SECRET, ENCRYPTION_KEY, …) exactly as for `next start`.
 *
 * Run it with `node_modules/.bin/tsx --conditions=react-server tests/support/app-server.ts`
 * so `server-only` resolves to its empty server build, as `npm run cli` does.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { HTTP_METHODS, type HttpMethod } from "@/lib/api/routes";
import { api } from "../api";

const server = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const method = (req.method ?? "GET").toUpperCase() as HttpMethod;
  try {
    if (!HTTP_METHODS.includes(method)) throw new Error(`method ${method}`);
    const headers = Object.fromEntries(
      Object.entries(req.headers).flatMap(([k, v]) =>
        typeof v === "string" ? [[k, v]] : Array.isArray(v) ? [[k, v.join(", ")]] : [],
      ),
    );
    const raw = chunks.length ? Buffer.concat(chunks).toString("utf8") : undefined;
    const r = await api(method, req.url ?? "/", { headers, raw });
    const out: Record<string, string> = {};
    r.headers.forEach((v, k) => {
      if (k !== "content-length" && k !== "content-encoding") out[k] = v;
    });
    res.writeHead(r.status, out).end(r.body === null ? undefined : JSON.stringify(r.body));
  } catch (err) {
    // Not a route the registry knows: answer like Next does for an unknown path.
    res.writeHead(404, { "content-type": "text/plain" }).end(String((err as Error).message));
  }
});

server.listen(0, "127.0.0.1", () => {
  // The pid is this process's own: tsx runs the script in a child of the one it was started as.
  process.stdout.write(JSON.stringify({ port: (server.address() as AddressInfo).port, pid: process.pid }) + "\n");
});

for (const sig of ["SIGTERM", "SIGINT"] as const) {
  process.on(sig, async () => {
    server.close();
    const { closeDb } = await import("@/db/client");
    await closeDb().catch(() => {});
    process.exit(0);
  });
}
