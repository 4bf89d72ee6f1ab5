import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { secrets } from "@/db/schema";
import { api, newTenant, uniq } from "./api";

// A credential's config is resolved (defaults filled, fields checked) when it is written.
// Later operations on the stored row take it as it is: a Custom OAuth2 connection made
// through an auth client keeps its endpoints on the client, so its config has none of the
// fields that passing such a credential in requires, and must not be refused for that.
describe("operations on a stored credential take its stored config as it is", () => {
  it("a Custom OAuth2 connection without pass-in endpoints can get a new value", async () => {
    const t = await newTenant();
    const created = await api("POST", "/api/v1/secrets?username=cust-1", {
      token: t.apiKey,
      body: {
        name: uniq("custom"),
        type: "OA2_AUTHORIZATION_CODE",
        componentId: "custom-oauth2",
        config: { tokenUrl: "https://auth.example.com/oauth/token" },
        value: { accessToken: "first-access-token" },
        verify: false,
      },
    });
    expect(created.status).toBe(201);
    // As the OAuth callback stores it: the endpoints live on the auth client, not here.
    const db = await getDb();
    await db.update(secrets).set({ config: {} }).where(eq(secrets.id, created.body.data.id));

    const patched = await api("PATCH", `/api/v1/secrets/${created.body.data.id}`, {
      token: t.apiKey,
      body: { value: { accessToken: "second-access-token" }, verify: false },
    });
    expect(patched.status).toBe(200);
    const read = await api("GET", `/api/v1/secrets/${created.body.data.id}`, { token: t.apiKey });
    expect(read.body.data.value.accessToken).toBe("second-access-token");
    expect(read.body.data.config).toEqual({});
  });
});
