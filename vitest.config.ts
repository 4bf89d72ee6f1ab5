import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      "@/": root,
      "server-only": `${root}tests/server-only-stub.ts`,
    },
  },
  test: {
    include: ["**/*.test.ts"],
    // `*.pg.test.ts` need a real PostgreSQL (several processes on one database): they run
    // in the PostgreSQL pass of npm test, not on the embedded PGlite.
    exclude: [
      "node_modules/**",
      "e2e/**",
      ".next/**",
      ".data/**",
      ...(process.env.DATABASE_URL ? [] : ["**/*.pg.test.ts"]),
    ],
    environment: "node",
    setupFiles: ["tests/setup.ts"],
    // next-auth imports "next/server" without an extension, which Node's ESM loader refuses;
    // bundled through Vite it resolves, so tests can drive the real Auth.js handlers.
    server: { deps: { inline: ["next-auth"] } },
    // One worker, shared modules: every file uses the same lazily opened database.
    fileParallelism: false,
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
