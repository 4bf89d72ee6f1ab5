import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

import {
  catalogue,
  componentEntrySchema,
  fillTemplate,
  getComponent,
  listComponents,
  monogram,
  parseCatalogue,
  placeholders,
  rawCatalogue,
  resolveConfig,
  secretFieldsFor,
  templatesOf,
  toPublicComponent,
  type ComponentEntryInput,
} from "./index";

const REQUIRED_IDS = [
  "slack",
  "github",
  "gitlab",
  "google-drive",
  "google-sheets",
  "gmail",
  "microsoft-365",
  "salesforce",
  "hubspot",
  "zoho-crm",
  "notion",
  "airtable",
  "asana",
  "jira",
  "atlassian",
  "linear",
  "trello",
  "dropbox",
  "box",
  "zendesk",
  "intercom",
  "shopify",
  "stripe",
  "twilio",
  "sendgrid",
  "mailchimp",
  "openai",
  "anthropic",
  "postgresql",
  "mysql",
  "http-api",
  "custom-oauth2",
];

const byId = (id: string) => {
  const entry = getComponent(id);
  if (!entry) throw new Error(`missing ${id}`);
  return entry;
};

/** The URL of an entry's HTTP dry run, filled with its resolved config. */
const dryRunUrl = (id: string, config: Record<string, string>) => {
  const entry = byId(id);
  const resolved = resolveConfig(entry, config);
  if (entry.dryRun?.kind !== "http" || !resolved.ok) throw new Error(`${id}: no http dry run or bad config`);
  return fillTemplate(entry.dryRun.url, resolved.values);
};

const minimal: ComponentEntryInput = {
  id: "example",
  name: "Example",
  category: "Generic",
  docsUrl: "https://example.com/docs",
  authTypes: ["BEARER"],
  dryRun: { kind: "http", method: "GET", url: "https://api.example.com/me" },
};

describe("catalogue", () => {
  it.each(rawCatalogue.map((e) => [e.id, e] as const))("%s matches the schema", (_, entry) => {
    const result = componentEntrySchema.safeParse(entry);
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  it("has unique ids and at least 60 entries", () => {
    const ids = catalogue.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(60);
  });

  it("contains the required components", () => {
    const ids = new Set(catalogue.map((e) => e.id));
    expect(REQUIRED_IDS.filter((id) => !ids.has(id))).toEqual([]);
  });

  it("uses https for every literal URL", () => {
    const bad: string[] = [];
    for (const entry of catalogue) {
      if (!entry.docsUrl.startsWith("https://")) bad.push(`${entry.id} docsUrl`);
      for (const { path, value, url } of templatesOf(entry)) {
        if (url && !value.startsWith("https://") && !/^\{\{\w+\}\}/.test(value)) {
          bad.push(`${entry.id} ${path.join(".")}: ${value}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it("only uses placeholders that name a field of the same entry", () => {
    const bad: string[] = [];
    for (const entry of catalogue) {
      const fields = new Set(entry.fields.map((f) => f.name));
      for (const { path, value } of templatesOf(entry)) {
        for (const name of placeholders(value)) {
          if (!fields.has(name)) bad.push(`${entry.id} ${path.join(".")}: {{${name}}}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it("gives every OAuth component an oauth block with the endpoints its flows need", () => {
    for (const entry of catalogue) {
      const code = entry.authTypes.includes("OA2_AUTHORIZATION_CODE");
      const cc = entry.authTypes.includes("OA2_CLIENT_CREDENTIALS");
      expect(Boolean(entry.oauth), entry.id).toBe(code || cc);
      if (code) expect(entry.oauth?.authorizationUrl, entry.id).toBeTruthy();
      if (entry.oauth) expect(entry.oauth.tokenUrl, entry.id).toBeTruthy();
    }
  });

  it("gives database components a database dry run of their engine", () => {
    for (const entry of catalogue) {
      if (entry.authTypes.includes("POSTGRES")) expect(entry.dryRun, entry.id).toEqual({ kind: "database", engine: "postgres" });
      if (entry.authTypes.includes("MYSQL")) expect(entry.dryRun, entry.id).toEqual({ kind: "database", engine: "mysql" });
    }
  });

  it("only references logo files that exist in public/logos", () => {
    const missing = catalogue
      .filter((e) => e.logo && !existsSync(fileURLToPath(new URL(`../../public${e.logo}`, import.meta.url))))
      .map((e) => `${e.id}: ${e.logo}`);
    expect(missing).toEqual([]);
  });

  it("only configures apply rules for accepted credential types", () => {
    for (const entry of catalogue) {
      for (const type of Object.keys(entry.apply)) expect(entry.authTypes, entry.id).toContain(type);
    }
  });

  it("resolves an empty config to its defaults, missing only required fields without one", () => {
    for (const entry of catalogue) {
      const result = resolveConfig(entry, {});
      const expected = entry.fields.filter((f) => f.required && f.default === undefined).map((f) => `config.${f.name}`);
      expect(result.ok ? [] : result.issues.map((i) => i.path), entry.id).toEqual(expected);
    }
  });
});

describe("required component shapes", () => {
  it("postgresql and mysql are bare database types", () => {
    expect(byId("postgresql")).toMatchObject({ authTypes: ["POSTGRES"], fields: [], dryRun: { kind: "database", engine: "postgres" } });
    expect(byId("mysql")).toMatchObject({ authTypes: ["MYSQL"], fields: [], dryRun: { kind: "database", engine: "mysql" } });
  });

  it("http-api accepts every static type and dry-runs GET {{baseUrl}}{{testPath}}", () => {
    const http = byId("http-api");
    expect(http.authTypes).toEqual(["NO_AUTH", "SIMPLE", "API_KEY", "BEARER", "HTTP_HEADERS"]);
    expect(http.fields.map((f) => [f.name, f.label, f.required, f.default])).toEqual([
      ["baseUrl", "Base URL", true, undefined],
      ["testPath", "Test path", false, "/"],
    ]);
    expect(http.dryRun).toEqual({ kind: "http", method: "GET", url: "{{baseUrl}}{{testPath}}", successStatuses: [200] });
    expect(dryRunUrl("http-api", { baseUrl: "https://api.example.com/v1" })).toBe("https://api.example.com/v1/");
    expect(resolveConfig(http, { baseUrl: "ftp://example.com" }).ok).toBe(false);
    expect(resolveConfig(http, { baseUrl: "https://example.com/x?y" }).ok).toBe(false);
  });

  it("custom-oauth2 takes its endpoints from fields", () => {
    const custom = byId("custom-oauth2");
    expect(custom.authTypes).toEqual(["OA2_AUTHORIZATION_CODE", "OA2_CLIENT_CREDENTIALS"]);
    expect(custom.fields.map((f) => f.name)).toEqual(["authorizationUrl", "tokenUrl", "scopes"]);
    expect(custom.oauth).toMatchObject({ authorizationUrl: "{{authorizationUrl}}", tokenUrl: "{{tokenUrl}}" });
    expect(resolveConfig(custom, { tokenUrl: "http://insecure.example.com/token" }).ok).toBe(false);
  });

  it("anthropic sends its key as x-api-key with a version header on the dry run", () => {
    const anthropic = byId("anthropic");
    expect(anthropic.apply.API_KEY).toMatchObject({ location: "header", headerName: "x-api-key" });
    expect(anthropic.dryRun).toMatchObject({ url: "https://api.anthropic.com/v1/models", headers: { "anthropic-version": "2023-06-01" } });
  });

  it("marks the Basic username secret where it is the key", () => {
    for (const id of ["stripe", "close", "freshdesk", "woocommerce"]) {
      expect(secretFieldsFor(byId(id), "SIMPLE"), id).toEqual(["username"]);
    }
    for (const id of ["mailgun", "mailchimp", "jira", "zendesk", "twilio", "http-api"]) {
      expect(secretFieldsFor(byId(id), "SIMPLE"), id).toEqual([]);
    }
  });

  it("marks every Basic username that is labelled a key or secret, or says why not", () => {
    // Reviewed: a Twilio SID is an identifier, not a secret (the auth token is the secret).
    const identifiers = new Set(["twilio"]);
    const keyLike = catalogue.filter((e) => /key|secret|token/i.test(e.apply.SIMPLE?.usernameLabel ?? "") && !/\/token|email/i.test(e.apply.SIMPLE?.usernameLabel ?? ""));
    expect(keyLike.length).toBeGreaterThanOrEqual(4);
    for (const e of keyLike) {
      if (!identifiers.has(e.id)) expect(secretFieldsFor(e, "SIMPLE"), e.id).toContain("username");
    }
  });

  it("zendesk combines the subdomain with email/token basic auth", () => {
    const zendesk = byId("zendesk");
    expect(zendesk.authTypes).toContain("SIMPLE");
    expect(dryRunUrl("zendesk", { subdomain: "acme" })).toBe("https://acme.zendesk.com/api/v2/users/me.json");
    expect(resolveConfig(zendesk, { subdomain: "evil.example/x" }).ok).toBe(false);
  });
});

describe("schema", () => {
  const rejects = (patch: Partial<ComponentEntryInput>) => componentEntrySchema.safeParse({ ...minimal, ...patch }).success;

  it("accepts a minimal entry and fills defaults", () => {
    const parsed = componentEntrySchema.parse(minimal);
    expect(parsed).toMatchObject({ fields: [], apply: {}, dryRun: { successStatuses: [200] } });
  });

  it.each<[string, Partial<ComponentEntryInput>]>([
    ["a non-kebab id", { id: "Bad_Id" }],
    ["an http URL", { baseUrl: "http://api.example.com" }],
    ["an http docs URL", { docsUrl: "http://example.com/docs" }],
    ["an unknown placeholder", { baseUrl: "https://{{nope}}.example.com" }],
    ["a leading placeholder without a scheme pattern", { fields: [{ name: "host", label: "Host" }], baseUrl: "{{host}}/v1" }],
    ["OAuth types without an oauth block", { authTypes: ["OA2_AUTHORIZATION_CODE"] }],
    ["an oauth block without OAuth types", { oauth: { tokenUrl: "https://x.example/t", tokenEndpointAuthMethod: "client_secret_post", pkce: true } }],
    ["a database type without a database dry run", { authTypes: ["POSTGRES"] }],
    ["apply for a type it does not accept", { apply: { API_KEY: { location: "header", headerName: "X-Key" } } }],
    ["an API key header without a name", { authTypes: ["API_KEY"], apply: { API_KEY: { location: "header" } } }],
    ["a default outside its choices", { fields: [{ name: "r", label: "R", default: "c", choices: [{ value: "a", label: "A" }] }] }],
    ["a logo outside /logos", { logo: "https://cdn.example.com/x.svg" }],
    ["an unknown key", { extra: true } as Partial<ComponentEntryInput>],
  ])("rejects %s", (_, patch) => {
    expect(rejects(patch)).toBe(false);
  });

  it.each<[string, Partial<ComponentEntryInput>]>([
    ["a Host request default", { requestDefaults: { headers: { Host: "internal.example" } } }],
    ["a Content-Length dry-run header", { dryRun: { kind: "http", method: "GET", url: "https://api.example.com/me", headers: { "content-length": "0" } } }],
    ["a Proxy-* dry-run header", { dryRun: { kind: "http", method: "GET", url: "https://api.example.com/me", headers: { "Proxy-Authorization": "x" } } }],
    ["a bearer header that is Transfer-Encoding", { apply: { BEARER: { headerName: "Transfer-Encoding" } } }],
    ["an API key header that is Host", { authTypes: ["API_KEY"], apply: { API_KEY: { location: "header", headerName: "host" } } }],
    ["a suggested custom header that is Connection", { authTypes: ["HTTP_HEADERS"], apply: { HTTP_HEADERS: { headerNames: ["X-Ok", "Connection"] } } }],
    ["an OAuth header that is Upgrade", {
      authTypes: ["OA2_CLIENT_CREDENTIALS"],
      oauth: { tokenUrl: "https://x.example/t", tokenEndpointAuthMethod: "client_secret_post", pkce: true },
      apply: { OA2_CLIENT_CREDENTIALS: { headerName: "Upgrade" } },
    }],
  ])("rejects %s (a header no credential request may carry)", (_, patch) => {
    expect(rejects(patch)).toBe(false);
  });

  it("allows an API key query parameter whose name looks like a forbidden header", () => {
    expect(rejects({ authTypes: ["API_KEY"], apply: { API_KEY: { location: "query", queryName: "host" } } })).toBe(true);
  });

  it.each<[string, Partial<ComponentEntryInput>]>([
    ["secret fields for a type it does not accept", { secretFields: { SIMPLE: ["username"] } }],
    ["a secret field the type does not have", { authTypes: ["SIMPLE"], secretFields: { SIMPLE: ["user"] } }],
    ["a field that is secret already", { authTypes: ["SIMPLE"], secretFields: { SIMPLE: ["passphrase"] } }],
    ["a field that is not text", { authTypes: ["API_KEY"], secretFields: { API_KEY: ["location"] } }],
    ["an empty list", { authTypes: ["SIMPLE"], secretFields: { SIMPLE: [] } }],
    ["a type with no public value fields", { authTypes: ["NO_AUTH"], secretFields: { NO_AUTH: ["x"] } }],
  ])("rejects %s", (_, patch) => {
    expect(rejects(patch)).toBe(false);
  });

  it("accepts secret fields that are value fields shown in clear", () => {
    const parsed = componentEntrySchema.parse({ ...minimal, authTypes: ["SIMPLE", "POSTGRES"], secretFields: { SIMPLE: ["username"], POSTGRES: ["username"] }, dryRun: { kind: "database", engine: "postgres" } });
    expect(secretFieldsFor(parsed, "SIMPLE")).toEqual(["username"]);
    expect(secretFieldsFor(parsed, "API_KEY")).toEqual([]);
    expect(secretFieldsFor(undefined, "SIMPLE")).toEqual([]);
    expect(componentEntrySchema.parse(minimal).secretFields).toEqual({});
  });

  it("rejects OAuth parameters that override the protocol", () => {
    const oauth = { tokenUrl: "https://x.example/t", tokenEndpointAuthMethod: "client_secret_post", pkce: true } as const;
    const entry = { ...minimal, authTypes: ["OA2_CLIENT_CREDENTIALS"], oauth: { ...oauth, tokenParams: { client_id: "x" } } };
    expect(componentEntrySchema.safeParse(entry).success).toBe(false);
  });

  it("parseCatalogue names the bad entry and catches duplicate ids", () => {
    expect(() => parseCatalogue([{ ...minimal, baseUrl: "http://x" }])).toThrow(/example/);
    expect(() => parseCatalogue([minimal, minimal])).toThrow(/Duplicate catalogue id example/);
  });
});

describe("helpers", () => {
  it("fillTemplate refuses to leave a placeholder empty", () => {
    expect(fillTemplate("https://{{a}}.example.com/{{b}}", { a: "x", b: "y" })).toBe("https://x.example.com/y");
    expect(() => fillTemplate("https://{{a}}.example.com", {})).toThrow(/\{\{a\}\}/);
  });

  it("resolveConfig rejects unknown keys and missing required fields", () => {
    const result = resolveConfig(byId("twilio"), { nope: "1" });
    expect(result.ok ? [] : result.issues.map((i) => i.path).sort()).toEqual(["config.accountSid", "config.nope"]);
  });

  it("listComponents filters by ids, category and credential type", () => {
    expect(listComponents({ ids: ["slack", "github"] }).map((e) => e.id).sort()).toEqual(["github", "slack"]);
    expect(listComponents({ category: "Database" }).map((e) => e.id).sort()).toEqual(["mysql", "postgresql"]);
    expect(listComponents({ authType: "MYSQL" }).map((e) => e.id)).toEqual(["mysql"]);
    expect(getComponent("does-not-exist")).toBeUndefined();
  });

  it("monogram is stable and uses initials", () => {
    expect(monogram("Zoho CRM").initials).toBe("ZC");
    expect(monogram("GitHub").initials).toBe("GH");
    expect(monogram("Slack").initials).toBe("S");
    expect(monogram("HubSpot")).toEqual(monogram("HubSpot"));
    expect(monogram("HubSpot").color).toMatch(/^#[0-9a-f]{6}$/);
  });

  it("toPublicComponent exposes the API shape without endpoints", () => {
    const pub = toPublicComponent(byId("github"), { authClientId: "ac_1" });
    expect(pub).toMatchObject({ id: "github", logo: null, hasDryRun: true, oauth: { defaultScopes: ["read:user"], authClientId: "ac_1" } });
    expect(JSON.stringify(pub)).not.toContain("login/oauth");
    expect(toPublicComponent(byId("postgresql"))).toMatchObject({ logo: "/logos/postgresql.svg", hasDryRun: true });
    expect(toPublicComponent(byId("openai")).oauth).toBeUndefined();
    expect(toPublicComponent(byId("stripe")).secretFields).toEqual({ SIMPLE: ["username"] });
    expect(toPublicComponent(byId("github")).secretFields).toEqual({});
  });
});
