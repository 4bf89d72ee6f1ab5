import { describe, expect, it } from "vitest";
import { getComponent } from "@/lib/components";
import { createSecretSchema } from "@/lib/secrets/schemas";
import { configFields, valueFields } from "./field-specs";
import { createCredentialSchema, editCredentialSchema, headerErrorMap, type CredentialFormValues } from "./schema";

const httpApi = getComponent("http-api")!;

function form(over: Partial<CredentialFormValues> = {}): CredentialFormValues {
  return {
    name: "Billing",
    workspace: "production",
    config: { baseUrl: "https://api.example.com", testPath: "" },
    value: {},
    headers: [],
    replace: true,
    ...over,
  };
}

function parse(type: "API_KEY" | "BEARER" | "HTTP_HEADERS", values: CredentialFormValues) {
  const schema = createCredentialSchema(type, valueFields(type, httpApi.apply), httpApi.fields);
  const r = schema.safeParse(values, { error: headerErrorMap });
  return r.success
    ? { ok: true as const, data: r.data }
    : { ok: false as const, issues: r.error.issues.map((i) => [i.path.join("."), i.message]) };
}

describe("credential form schema", () => {
  it("turns the inputs into the API body, leaving out empty optional fields", () => {
    const r = parse("API_KEY", form({ value: { key: "k-123", location: "", headerName: "", prefix: "" } }));
    expect(r).toEqual({
      ok: true,
      data: {
        name: "Billing",
        workspace: "production",
        config: { baseUrl: "https://api.example.com" },
        value: { key: "k-123" },
      },
    });
  });

  it("reports the type schema's errors at the API's paths", () => {
    const r = parse("API_KEY", form({ name: " ", config: { baseUrl: "ftp://x", testPath: "" }, value: { key: "" } }));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues).toEqual(
      expect.arrayContaining([
        ["name", "Give the credential a name"],
        ["config.baseUrl", "Base URL has an invalid format"],
        ["value.key", "Key is required"],
      ]),
    );
  });

  it.each([" ", "n".repeat(201)])("refuses the name %j with the API's words", (name) => {
    const api = createSecretSchema.safeParse({ name, type: "API_KEY", value: { key: "k" } });
    const apiIssues = api.success ? [] : api.error.issues.map((i) => [i.path.join("."), i.message]);
    const r = parse("API_KEY", form({ name, value: { key: "k" } }));
    expect(apiIssues).toHaveLength(1);
    expect(!r.ok && r.issues).toEqual(apiIssues);
  });

  it("requires config fields without a default", () => {
    const r = parse("API_KEY", form({ config: { baseUrl: "", testPath: "" }, value: { key: "k" } }));
    expect(!r.ok && r.issues).toEqual([["config.baseUrl", "Base URL is required"]]);
  });

  it("keeps a bearer prefix that was cleared on purpose", () => {
    const r = parse("BEARER", form({ value: { token: "t", headerName: "Authorization", prefix: "" } }));
    expect(r.ok && r.data.value).toEqual({ token: "t", headerName: "Authorization", prefix: "" });
  });

  it("maps header rows to a record and words bad rows", () => {
    const ok = parse(
      "HTTP_HEADERS",
      form({
        headers: [
          { name: "X-A", value: "a" },
          { name: "", value: "" },
        ],
      }),
    );
    expect(ok.ok && ok.data.value).toEqual({ headers: { "X-A": "a" } });

    const bad = parse(
      "HTTP_HEADERS",
      form({
        headers: [
          { name: "X-A", value: "a" },
          { name: "x-a", value: "b" },
          { name: "", value: "c" },
          { name: "bad name", value: "d" },
          { name: "X-B", value: "" },
        ],
      }),
    );
    expect(!bad.ok && bad.issues).toEqual(
      expect.arrayContaining([
        ["value.headers. dup 1", "This header is already in the list"],
        ["value.headers. #2", "Enter a header name"],
        ["value.headers.bad name", "Not a valid header name"],
        ["value.headers.X-B", "Header value is required"],
      ]),
    );
    expect(parse("HTTP_HEADERS", form({ headers: [{ name: "", value: "" }] }))).toMatchObject({
      ok: false,
      issues: [["value.headers", "Add at least one header"]],
    });
  });

  it("sends a new value on edit only when it is replaced", () => {
    const fields = valueFields("API_KEY", httpApi.apply);
    const schema = editCredentialSchema("API_KEY", fields, httpApi.fields);
    const kept = schema.parse(form({ replace: false, value: { key: "" } }));
    expect(kept).toEqual({ name: "Billing", config: { baseUrl: "https://api.example.com" } });
    expect(schema.safeParse(form({ replace: true, value: { key: "" } })).success).toBe(false);
  });
});

describe("field specs", () => {
  it("relabels and pre-fills from the component's apply rules, never a secret", () => {
    const mailgun = getComponent("mailgun")!;
    const simple = valueFields("SIMPLE", mailgun.apply);
    expect(simple.find((f) => f.name === "username")).toMatchObject({ initial: "api" });
    expect(simple.find((f) => f.name === "passphrase")).toMatchObject({
      label: "API key",
      kind: "secret",
      initial: "",
    });
    const discord = valueFields("BEARER", getComponent("discord")!.apply);
    expect(discord.find((f) => f.name === "prefix")).toMatchObject({ initial: "Bot ", keepEmpty: true });
    expect(configFields(httpApi.fields).find((f) => f.name === "testPath")).toMatchObject({
      initial: "/",
      required: false,
    });
  });
});
