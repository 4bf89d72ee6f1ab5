import { describe, expect, it } from "vitest";
import { api, newTenant, uniq } from "./api";

// Adding a usage while the secret is being deleted: either the usage lands first (and the
// delete is refused as in use) or the delete wins (and the usage answers 404). Without a
// lock on the secret row, the usage insert could hit the foreign key of a row deleted a
// moment earlier and answer 500. The race needs separate connections, so it shows on
// PostgreSQL; on PGlite's single connection the same outcomes hold trivially.
const ROUNDS = 8;

describe("a usage added while its secret is deleted", () => {
  it("ends as in use or as not found, never as a server error", async () => {
    const t = await newTenant();
    const outcomes = new Set<string>();
    for (let i = 0; i < ROUNDS; i++) {
      const created = await api("POST", "/api/v1/secrets", {
        token: t.apiKey,
        body: { name: uniq("race"), type: "BEARER", value: { token: "t0k3n-value" } },
      });
      expect(created.status).toBe(201);
      const id = created.body.data.id;
      const [del, add] = await Promise.all([
        api("DELETE", `/api/v1/secrets/${id}`, { token: t.apiKey }),
        api("POST", `/api/v1/secrets/${id}/usages`, { token: t.apiKey, body: { ref: "flow/1" } }),
      ]);
      const pair = `${del.status}/${add.status}`;
      expect(["204/404", "409/201"]).toContain(pair);
      outcomes.add(pair);
      if (del.status === 409) {
        expect(del.body.error.code).toBe("in_use");
        const left = await api("GET", `/api/v1/secrets/${id}/usages`, { token: t.apiKey });
        expect(left.body.data.map((u: { ref: string }) => u.ref)).toEqual(["flow/1"]);
      } else {
        expect(add.body.error.code).toBe("not_found");
      }
    }
    expect(outcomes.size).toBeGreaterThan(0);
  });
});
