import { describe, expect, it } from "vitest";
import { openApiView } from "@/components/api-docs/openapi-view";
import { routes } from "@/lib/api/routes";
import { openApiDocument } from "@/lib/openapi";
import { secretTypeNames } from "@/lib/secrets/types";
import { api } from "./api";

const V1 = "/api/v1";

describe("OpenAPI document", () => {
  const doc = openApiDocument() as any;
  const documented = routes.filter((r) => r.openapi !== false);

  it("is OpenAPI 3.1 and covers the secrets, identity and admin routes", () => {
    expect(doc.openapi).toBe("3.1.0");
    for (const p of [
      "/impersonate",
      "/secrets",
      "/secrets/{id}",
      "/secrets/{id}/usages",
      "/api-keys",
      "/workspaces",
      "/settings",
      "/audit-events",
    ]) {
      expect(doc.paths).toHaveProperty([p]);
    }
  });

  it("documents the routes it used to miss: verify and the component catalogue", () => {
    expect(doc.paths["/secrets/{id}/verify"]?.post?.summary).toMatch(/dry run/);
    expect(doc.paths["/components"]?.get).toBeDefined();
    expect(doc.paths["/components/{id}"]?.get?.parameters).toEqual([
      expect.objectContaining({ name: "id", in: "path", required: true }),
    ]);
  });

  it("has one operation for each registry route under /api/v1, and no other", () => {
    expect(documented.every((r) => r.path.startsWith(`${V1}/`))).toBe(true);
    const ops = Object.entries(doc.paths).flatMap(([p, item]) =>
      Object.keys(item as object).map((m) => `${m.toUpperCase()} ${V1}${p}`),
    );
    expect(ops.sort()).toEqual(documented.map((r) => `${r.method} ${r.path}`).sort());
    // Every file under app/api/v1 is documented; only health and Auth.js sit outside it.
    expect(routes.filter((r) => r.openapi === false).map((r) => r.path)).toEqual(
      expect.arrayContaining(["/api/health", "/api/auth/{...nextauth}"]),
    );
    expect(routes.filter((r) => r.openapi === false).every((r) => !r.path.startsWith(`${V1}/`))).toBe(true);
  });

  it("derives each operation's security from the route's caller set", () => {
    const security = (p: string, m: string) => doc.paths[p][m].security;
    // Values leave only to integration code.
    expect(security("/secrets/{id}", "get")).toEqual([{ apiKey: [] }, { userToken: [] }]);
    // Members are named by role; a viewer may list but not write.
    expect(security("/secrets", "get")).toEqual([
      { apiKey: [] },
      { userToken: [] },
      { connectSession: [] },
      { session: ["admin", "developer", "viewer"] },
    ]);
    expect(security("/secrets", "post")).toEqual([
      { apiKey: [] },
      { userToken: [] },
      { connectSession: [] },
      { session: ["admin", "developer"] },
    ]);
    // A connect session lives in a browser: no value reads, no usages, no tenant routes.
    expect(security("/secrets/{id}/usages", "get")).toEqual([
      { apiKey: [] },
      { userToken: [] },
      { session: ["admin", "developer", "viewer"] },
    ]);
    expect(security("/connect-sessions", "post")).toEqual([{ apiKey: [] }]);
    expect(security("/workspaces", "get")).toEqual([{ apiKey: [] }, { session: ["admin", "developer", "viewer"] }]);
    expect(security("/settings", "patch")).toEqual([{ apiKey: [] }, { session: ["admin"] }]);
    expect(security("/impersonate", "post")).toEqual([{ apiKey: [] }]);
    expect(security("/account/password", "post")).toEqual([{ session: ["admin", "developer", "viewer"] }]);
    // No credentials needed: an empty requirement list.
    expect(security("/openapi.json", "get")).toEqual([]);
    for (const r of documented) {
      const schemes = (doc.paths[r.path.slice(V1.length)][r.method.toLowerCase()].security as object[]).flatMap((s) =>
        Object.keys(s),
      );
      for (const s of schemes) expect(doc.components.securitySchemes, `${r.method} ${r.path}`).toHaveProperty([s]);
    }
  });

  it("describes every credential type from the same zod schema", () => {
    const body = doc.paths["/secrets"].post.requestBody.content["application/json"].schema;
    const types = body.oneOf ?? body.anyOf;
    expect(types.map((v: any) => v.properties.type.const).sort()).toEqual([...secretTypeNames].sort());
    const simple = types.find((v: any) => v.properties.type.const === "SIMPLE");
    expect([...simple.properties.value.required].sort()).toEqual(["passphrase", "username"]);
    expect(simple.properties.value.additionalProperties).toBe(false);
  });

  it("documents paging on lists and the query parameters handlers read", () => {
    const names = doc.paths["/secrets"].get.parameters.map((p: any) => p.name);
    expect(names).toEqual(expect.arrayContaining(["page[number]", "page[size]", "type", "username"]));
    const del = doc.paths["/secrets/{id}"].delete.parameters.map((p: any) => p.name);
    expect(del).toEqual(expect.arrayContaining(["id", "username", "force"]));
    const audit = doc.paths["/audit-events"].get.parameters.map((p: any) => p.name);
    expect(audit).toEqual(expect.arrayContaining(["action", "targetId", "page[number]"]));
  });

  // No JSON body: a 204, or a 302 that sends the browser on (the OAuth launch and callback).
  const answersJson = documented.filter((r) => r.status !== 204 && r.status !== 302);
  const success = (r: (typeof documented)[number]) =>
    doc.paths[r.path.slice(V1.length)][r.method.toLowerCase()].responses[String(r.status ?? 200)];
  /** Follows a `$ref` into components/schemas. */
  const deref = (s: any) => (s?.$ref ? doc.components.schemas[s.$ref.replace("#/components/schemas/", "")] : s);

  it("documents a response schema for every route with a JSON success body", () => {
    expect(answersJson.length).toBeGreaterThan(20);
    const missing = answersJson
      .filter((r) => !success(r)?.content?.["application/json"]?.schema)
      .map((r) => `${r.method} ${r.path}`);
    expect(missing).toEqual([]);
    // A 204 documents no body at all.
    expect(doc.paths["/secrets/{id}"].delete.responses["204"].content).toBeUndefined();
  });

  it("wraps responses in their envelope: data, and meta on paged lists", () => {
    for (const r of answersJson) {
      const schema = deref(success(r).content["application/json"].schema);
      const label = `${r.method} ${r.path}`;
      // Bare shapes: FlowMate's impersonation answer, this document itself, and a JWK Set (RFC 7517).
      if ([`${V1}/impersonate`, `${V1}/openapi.json`, `${V1}/jwks/{secretId}`].includes(r.path)) continue;
      expect(schema.required, label).toContain("data");
      if (r.paged) expect(schema.required, label).toContain("meta");
      else expect(schema.properties.meta, label).toBeUndefined();
    }
  });

  it("states each public shape once, in components/schemas, and points at it", () => {
    const list = doc.paths["/secrets"].get.responses["200"].content["application/json"].schema;
    expect(list.properties.data.items).toEqual({ $ref: "#/components/schemas/MaskedSecret" });
    expect(list.properties.meta).toEqual({ $ref: "#/components/schemas/PageMeta" });
    expect(doc.paths["/secrets/{id}"].get.responses["200"].content["application/json"].schema.properties.data).toEqual({
      $ref: "#/components/schemas/Secret",
    });
    const refs = [...JSON.stringify(doc.paths).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    for (const id of new Set(refs)) expect(doc.components.schemas, id).toHaveProperty([id]);
    // Nothing is left pointing into a converted schema's own $defs.
    expect(JSON.stringify(doc)).not.toContain("#/$defs/");
  });

  it("documents the public shapes as strict, with id and _id, and without secrets' internals", () => {
    const schemas = doc.components.schemas;
    for (const id of ["MaskedSecret", "Secret", "Member", "ApiKey", "Workspace", "AuditEvent", "Component"]) {
      expect(schemas[id].additionalProperties, id).toBe(false);
      expect(schemas[id].required, id).toEqual(expect.arrayContaining(["id", "_id"]));
    }
    expect(schemas.Settings.additionalProperties).toBe(false);
    expect(Object.keys(schemas.ApiKey.properties)).not.toContain("hash");
    expect(Object.keys(schemas.Member.properties)).not.toContain("passwordHash");
    expect(Object.keys(schemas.MaskedSecret.properties)).not.toContain("valueCiphertext");
    expect(schemas.CreatedApiKey.required).toContain("key");
    expect(schemas.Member.properties.createdAt).toMatchObject({ type: "string", format: "date-time" });
  });

  it("gives every operation a unique operationId and a tag the document lists", () => {
    const ops = Object.values(doc.paths).flatMap((item) => Object.values(item as Record<string, any>));
    const ids = ops.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ops.length);
    const tags = doc.tags.map((t: any) => t.name);
    for (const o of ops) expect(tags).toContain(o.tags[0]);
  });

  it("is what GET /api/v1/openapi.json serves", async () => {
    const res = await api("GET", "/api/v1/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(doc)));
  });
});

describe("the API docs page's view of the document", () => {
  const view = openApiView(openApiDocument());

  it("lists every documented route, grouped by the registry's tags", () => {
    const ops = view.paths.flatMap((p) => p.operations.map((o) => `${o.method.toUpperCase()} ${V1}${o.path}`));
    expect(ops.sort()).toEqual(
      routes
        .filter((r) => r.openapi !== false)
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    );
    const secrets = view.tags.find((t) => t.name === "Secrets");
    expect(secrets?.paths.map((p) => p.path)).toEqual(
      expect.arrayContaining(["/secrets", "/secrets/{id}", "/secrets/{id}/verify"]),
    );
    expect(view.tags.find((t) => t.name === "Components")?.paths.map((p) => p.path)).toEqual([
      "/components",
      "/components/{id}",
    ]);
  });

  it("names the dashboard roles a session needs", () => {
    const post = view.paths.find((p) => p.path === "/secrets")!.operations.find((o) => o.method === "post")!;
    expect(post.callers).toEqual([
      { scheme: "apiKey", roles: [] },
      { scheme: "userToken", roles: [] },
      { scheme: "connectSession", roles: [] },
      { scheme: "session", roles: ["admin", "developer"] },
    ]);
  });
});
