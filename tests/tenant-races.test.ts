import { describe, expect, it } from "vitest";
import { api, newTenant, uniq } from "./api";

// A settings patch and a workspace delete each read, decide and write. Unless the read
// happens under a row lock, two requests at once both decide on the same old state. This
// shows on PostgreSQL, where requests run on separate connections; PGlite has one.
const ROUNDS = 6;

describe("concurrent tenant changes", () => {
  it("two settings patches of different fields at once both stick", async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const t = await newTenant();
      const embed = `https://${uniq("embed")}.example.com`;
      const back = `https://${uniq("back")}.example.com`;
      const results = await Promise.all([
        api("PATCH", "/api/v1/settings", { token: t.apiKey, body: { embedOrigins: [embed] } }),
        api("PATCH", "/api/v1/settings", { token: t.apiKey, body: { returnUrlOrigins: [back] } }),
      ]);
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      const s = (await api("GET", "/api/v1/settings", { token: t.apiKey })).body.data;
      expect({ embed: s.embedOrigins, back: s.returnUrlOrigins }, `round ${i}`).toEqual({
        embed: [embed],
        back: [back],
      });
    }
  });

  it("deleting both of two workspaces at once leaves one", async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const t = await newTenant();
      await api("POST", "/api/v1/workspaces", { token: t.apiKey, body: { slug: "staging" } });
      const all = (await api("GET", "/api/v1/workspaces", { token: t.apiKey })).body.data as { id: string }[];
      expect(all).toHaveLength(2);
      const results = await Promise.all(
        all.map((w) => api("DELETE", `/api/v1/workspaces/${w.id}`, { token: t.apiKey })),
      );
      expect(results.map((r) => r.status).sort(), `round ${i}`).toEqual([204, 409]);
      expect((await api("GET", "/api/v1/workspaces", { token: t.apiKey })).body.data).toHaveLength(1);
    }
  });
});
