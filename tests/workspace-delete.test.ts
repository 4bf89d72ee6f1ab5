import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditEvents, workspaces } from "@/db/schema";
import { api, newTenant, uniq } from "./api";

// A workspace that still holds credentials cannot be deleted (issue 15 part 7): the API
// answers 409 in_use with the reason and the count, and the dashboard shows both.
async function workspaceWith(apiKey: string, credentials: number) {
  const slug = uniq("ws").toLowerCase();
  const w = await api("POST", "/api/v1/workspaces", { token: apiKey, body: { slug } });
  expect(w.status).toBe(201);
  const ids: string[] = [];
  for (let i = 0; i < credentials; i++) {
    const s = await api("POST", "/api/v1/secrets", {
      token: apiKey,
      body: { name: uniq("s"), type: "NO_AUTH", value: {}, workspace: slug },
    });
    expect(s.status).toBe(201);
    ids.push(s.body.data.id);
  }
  return { id: w.body.data.id as string, slug, secrets: ids };
}

describe("DELETE /api/v1/workspaces/{id} of a workspace that holds credentials", () => {
  it("answers 409 in_use naming the workspace and how many credentials it holds; nothing is deleted", async () => {
    const t = await newTenant();
    const ws = await workspaceWith(t.apiKey, 2);
    const r = await api("DELETE", `/api/v1/workspaces/${ws.id}`, { token: t.apiKey });
    expect(r.status).toBe(409);
    expect(r.body.error).toEqual({
      code: "in_use",
      message: `The workspace "${ws.slug}" still holds 2 credentials. Move or delete them first.`,
      credentials: 2,
    });
    const db = await getDb();
    expect(await db.select().from(workspaces).where(eq(workspaces.id, ws.id))).toHaveLength(1);
    const deleted = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, t.tenantId), eq(auditEvents.action, "workspace.deleted")));
    expect(deleted).toHaveLength(0);
  });

  it("says 1 credential in the singular, and deletes the workspace once it is empty", async () => {
    const t = await newTenant();
    const ws = await workspaceWith(t.apiKey, 1);
    const r = await api("DELETE", `/api/v1/workspaces/${ws.id}`, { token: t.apiKey });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toBe(`The workspace "${ws.slug}" still holds 1 credential. Move or delete it first.`);
    expect(r.body.error.credentials).toBe(1);
    expect((await api("DELETE", `/api/v1/secrets/${ws.secrets[0]}`, { token: t.apiKey })).status).toBe(204);
    expect((await api("DELETE", `/api/v1/workspaces/${ws.id}`, { token: t.apiKey })).status).toBe(204);
  });
});
