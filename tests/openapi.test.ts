import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/openapi";
import { secretTypeNames } from "@/lib/secrets/types";

describe("OpenAPI document", () => {
  const doc = openApiDocument() as any;
  it("is OpenAPI 3.1 and covers the secrets, identity and admin routes", () => {
    expect(doc.openapi).toBe("3.1.0");
    for (const p of ["/impersonate", "/secrets", "/secrets/{id}", "/secrets/{id}/usages", "/api-keys", "/workspaces", "/settings", "/audit-events"]) {
      expect(doc.paths).toHaveProperty([p]);
    }
  });
  it("describes every credential type from the same zod schema", () => {
    const body = doc.paths["/secrets"].post.requestBody.content["application/json"].schema;
    const types = body.oneOf ?? body.anyOf;
    expect(types.map((v: any) => v.properties.type.const).sort()).toEqual([...secretTypeNames].sort());
    const simple = types.find((v: any) => v.properties.type.const === "SIMPLE");
    expect(simple.properties.value.required.sort()).toEqual(["passphrase", "username"]);
    expect(simple.properties.value.additionalProperties).toBe(false);
  });
  it("documents paging on lists", () => {
    const names = doc.paths["/secrets"].get.parameters.map((p: any) => p.name);
    expect(names).toEqual(expect.arrayContaining(["page[number]", "page[size]", "type", "username"]));
  });
});
