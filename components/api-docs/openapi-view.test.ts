import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/openapi";
import { inlineRefs, openApiView } from "./openapi-view";

describe("the API docs page's view of the OpenAPI document", () => {
  const view = openApiView(openApiDocument("https://ic.example.com/api/v1"));
  const op = (method: string, path: string) =>
    view.paths.find((p) => p.path === path)!.operations.find((o) => o.method === method)!;

  it("uses the base URL it is given", () => {
    expect(view.serverUrl).toBe("https://ic.example.com/api/v1");
  });

  it("carries each operation's response schema with the shared schemas written out", () => {
    const schema = op("get", "/secrets").responses["200"].content!["application/json"].schema;
    const text = JSON.stringify(schema);
    expect(text).not.toContain("#/components/schemas/");
    expect(text).toContain('"lastVerifiedAt"');
    expect(op("delete", "/secrets/{id}").responses["204"].content).toBeUndefined();
  });

  it("keeps a $ref that would recurse", () => {
    const defs = { Node: { type: "object", properties: { child: { $ref: "#/components/schemas/Node" } } } };
    const out = inlineRefs({ $ref: "#/components/schemas/Node" }, defs);
    expect(out).toEqual({ type: "object", properties: { child: { $ref: "#/components/schemas/Node" } } });
  });
});
