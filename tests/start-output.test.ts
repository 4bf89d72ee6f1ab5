import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { box, pipeLines, waitForReady, withoutRouteTable } from "../scripts/start-output";

/* `npm start`'s output (issue 15 part 9): no route table, the demo login boxed, printed once the server answers. */

const BUILD = `▲ Next.js 16.4.6 (Turbopack)
  Creating an optimized production build ...
✓ Compiled successfully in 32.8s
✓ Generating static pages using 1 worker (34/34) in 867ms

Route (app)
┌ ƒ /
├ ƒ /api/v1/secrets
└ ƒ /signup

ƒ Proxy (Middleware)

○  (Static)   prerendered as static content
ƒ  (Dynamic)  server-rendered on demand
`;

describe("npm start output", () => {
  it("drops Next's route table from the build output, split across chunks as a pipe delivers it", async () => {
    const stream = new PassThrough();
    let out = "";
    pipeLines(stream, (t) => (out += t), withoutRouteTable());
    const done = new Promise((r) => stream.on("end", r));
    for (let i = 0; i < BUILD.length; i += 7) stream.write(BUILD.slice(i, i + 7));
    stream.end();
    await done;
    expect(out).toContain("✓ Compiled successfully in 32.8s");
    expect(out).toContain("Generating static pages");
    expect(out).not.toContain("Route (app)");
    expect(out).not.toContain("/api/v1/secrets");
    expect(out).not.toContain("(Dynamic)");
  });

  it("boxes every line at one width", () => {
    const lines = box(["Dashboard login  admin@demo.test", "", "API key          ick_abc"]).split("\n");
    expect(lines).toHaveLength(5);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    expect(lines[0]).toMatch(/^╔═+╗$/);
    expect(lines[1]).toBe("║  Dashboard login  admin@demo.test  ║");
    expect(lines[4]).toMatch(/^╚═+╝$/);
  });

  it("waits until the health check answers 200, and gives up after its timeout", async () => {
    let calls = 0;
    const server = createServer((_req, res) => res.writeHead(++calls < 3 ? 503 : 200).end());
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/health`;
    try {
      await waitForReady(url, { intervalMs: 20 });
      expect(calls).toBe(3);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
    // Nothing listens any more: refused connections until the timeout.
    await expect(waitForReady(url, { timeoutMs: 200, intervalMs: 20 })).rejects.toThrow(/did not answer/);
  });
});
