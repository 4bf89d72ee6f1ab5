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
  resolveConfig,
  secretFieldsFor,
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

/*
 * Every rule of `componentEntrySchema` (https only, placeholders name fields, OAuth blocks,
 * database dry runs, apply and secretFields only for accepted types, …) already holds for
 * every entry once this file imports: the catalogue module parses them all at load and
 * throws on the first bad one. So nothing here re-checks the entries against those rules;
 * the "schema" block below feeds the schema entries that break one rule each instead.
 */
describe("catalogue", () => {
  it("has at least 60 entries", () => {
    expect(catalogue.length).toBeGreaterThanOrEqual(60);
  });

  it("contains the required components", () => {
    const ids = new Set(catalogue.map((e) => e.id));
    expect(REQUIRED_IDS.filter((id) => !ids.has(id))).toEqual([]);
  });

  it("only references logo files that exist in public/logos", () => {
    const missing = catalogue
      .filter((e) => e.logo && !existsSync(fileURLToPath(new URL(`../../public${e.logo}`, import.meta.url))))
      .map((e) => `${e.id}: ${e.logo}`);
    expect(missing).toEqual([]);
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
    expect(byId("postgresql")).toMatchObject({ authTypes: ["POSTGRES"], fields: [], dryRun: { kind: "native" } });
    expect(byId("mysql")).toMatchObject({ authTypes: ["MYSQL"], fields: [], dryRun: { kind: "native" } });
  });

  it("http-api accepts every static type and dry-runs GET {{baseUrl}}{{testPath}}", () => {
    const http = byId("http-api");
    expect(http.authTypes).toEqual(["NO_AUTH", "SIMPLE", "API_KEY", "BEARER", "HTTP_HEADERS"]);
    expect(http.fields.map((f) => [f.name, f.label, f.required, f.default])).toEqual([
      ["baseUrl", "Base URL", true, undefined],
      ["testPath", "Test path", false, "/"],
    ]);
    expect(http.dryRun).toEqual({
      kind: "http",
      method: "GET",
      url: "{{baseUrl}}{{testPath}}",
      successStatuses: [200],
    });
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
    expect(anthropic.dryRun).toMatchObject({
      url: "https://api.anthropic.com/v1/models",
      headers: { "anthropic-version": "2023-06-01" },
    });
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
    const keyLike = catalogue.filter(
      (e) =>
        /key|secret|token/i.test(e.apply.SIMPLE?.usernameLabel ?? "") &&
        !/\/token|email/i.test(e.apply.SIMPLE?.usernameLabel ?? ""),
    );
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
  /** The issues the schema raises for `minimal` with `patch` applied, as [path, message]. */
  const issuesOf = (patch: Partial<ComponentEntryInput>) => {
    const result = componentEntrySchema.safeParse({ ...minimal, ...patch });
    return result.success ? [] : result.error.issues.map((i) => [i.path.join("."), i.message]);
  };
  const oauth = { tokenUrl: "https://x.example/t", tokenEndpointAuthMethod: "client_secret_post", pkce: true } as const;
  const httpDryRun = { kind: "http", method: "GET", url: "https://api.example.com/me" } as const;
  const notHttps = "URL must use https:// or start with a {{field}} placeholder";

  it("accepts a minimal entry and fills defaults", () => {
    const parsed = componentEntrySchema.parse(minimal);
    expect(parsed).toMatchObject({ fields: [], apply: {}, dryRun: { successStatuses: [200] } });
  });

  /*
   * One row per rule: an entry that breaks that rule and no other, and the one issue it
   * must raise. Asserting the issue (not only "invalid") keeps a row from passing because
   * the entry broke some other rule by accident.
   */
  it.each<[string, Partial<ComponentEntryInput>, [string, string]]>([
    ["a non-kebab id", { id: "Bad_Id" }, ["id", "Component ids are kebab-case"]],
    ["an unknown key", { extra: true } as Partial<ComponentEntryInput>, ["", 'Unrecognized key: "extra"']],
    ["a duplicate credential type", { authTypes: ["BEARER", "BEARER"] }, ["authTypes", "Duplicate credential type"]],
    ["a logo outside /logos", { logo: "https://cdn.example.com/x.svg" }, ["logo", "Logos are /logos/<name>.svg"]],
    // https only
    ["an http docs URL", { docsUrl: "http://example.com/docs" }, ["docsUrl", "Invalid URL"]],
    ["an http base URL", { baseUrl: "http://api.example.com" }, ["baseUrl", notHttps]],
    ["an http dry-run URL", { dryRun: { ...httpDryRun, url: "http://api.example.com/me" } }, ["dryRun.url", notHttps]],
    [
      "an http token URL",
      { authTypes: ["OA2_CLIENT_CREDENTIALS"], oauth: { ...oauth, tokenUrl: "http://x.example/t" } },
      ["oauth.tokenUrl", notHttps],
    ],
    // placeholders
    [
      "an unknown placeholder in a URL",
      { baseUrl: "https://{{nope}}.example.com" },
      ["baseUrl", "{{nope}} is not a field of this component"],
    ],
    [
      "an unknown placeholder in a dry-run header",
      { dryRun: { ...httpDryRun, headers: { "X-Org": "{{org}}" } } },
      ["dryRun.headers.X-Org", "{{org}} is not a field of this component"],
    ],
    [
      "a leading placeholder without a scheme pattern",
      { fields: [{ name: "host", label: "Host" }], baseUrl: "{{host}}/v1" },
      ["baseUrl", "{{host}} starts a URL, so its pattern must pin the scheme (^https://)"],
    ],
    // fields
    [
      "a field name that is not camelCase",
      { fields: [{ name: "Base_url", label: "Base URL" }] },
      ["fields.0.name", "Field names are camelCase"],
    ],
    [
      "a duplicate field name",
      {
        fields: [
          { name: "r", label: "R" },
          { name: "r", label: "R2" },
        ],
      },
      ["fields", "Duplicate field name"],
    ],
    [
      "a pattern that is no regular expression",
      { fields: [{ name: "r", label: "R", pattern: "(" }] },
      ["fields.0.pattern", "Invalid regular expression"],
    ],
    [
      "a default outside its choices",
      { fields: [{ name: "r", label: "R", default: "c", choices: [{ value: "a", label: "A" }] }] },
      ["fields.0.default", "Default is not one of the choices"],
    ],
    [
      "a default that misses its pattern",
      { fields: [{ name: "r", label: "R", default: "c", pattern: "^a$" }] },
      ["fields.0.default", "Default does not match the pattern"],
    ],
    // OAuth
    [
      "OAuth types without an oauth block",
      { authTypes: ["OA2_AUTHORIZATION_CODE"] },
      ["oauth", "OAuth credential types need an oauth block"],
    ],
    ["an oauth block without OAuth types", { oauth }, ["oauth", "oauth block without an OAuth credential type"]],
    [
      "an authorization-code type without an authorization URL",
      { authTypes: ["OA2_AUTHORIZATION_CODE"], oauth },
      ["oauth.authorizationUrl", "OA2_AUTHORIZATION_CODE needs an authorizationUrl"],
    ],
    [
      "OAuth parameters that override the protocol",
      { authTypes: ["OA2_CLIENT_CREDENTIALS"], oauth: { ...oauth, tokenParams: { client_id: "x" } } },
      ["oauth.tokenParams", "OAuth parameters must not override protocol parameters"],
    ],
    [
      "a scope with whitespace",
      { authTypes: ["OA2_CLIENT_CREDENTIALS"], oauth: { ...oauth, defaultScopes: ["a b"] } },
      ["oauth.defaultScopes.0", "Scopes have no whitespace"],
    ],
    // dry runs
    [
      "a native type without the native dry run",
      { authTypes: ["POSTGRES"] },
      ["dryRun", "Native connector components need the native dry run (POSTGRES)"],
    ],
    [
      "a native type with an HTTP dry run",
      { authTypes: ["POSTGRES"], dryRun: httpDryRun },
      ["dryRun", "Native connector components need the native dry run (POSTGRES)"],
    ],
    [
      "a native type next to an HTTP type",
      { authTypes: ["POSTGRES", "SIMPLE"], dryRun: { kind: "native" } },
      ["authTypes", "A native connector component accepts native connector types only"],
    ],
    [
      "a native dry run without a native type",
      { dryRun: { kind: "native" } },
      ["dryRun", "A native dry run needs a native connector credential type (POSTGRES, MYSQL, …)"],
    ],
    [
      "a dry-run body without a Content-Type",
      { dryRun: { ...httpDryRun, method: "POST", body: "{}" } },
      ["dryRun.headers", "A dry-run body needs a Content-Type header"],
    ],
    // apply
    [
      "apply for a type it does not accept",
      { apply: { API_KEY: { location: "header", headerName: "X-Key" } } },
      ["apply.API_KEY", "apply.API_KEY but the component does not accept API_KEY"],
    ],
    [
      "an API key header without a name",
      { authTypes: ["API_KEY"], apply: { API_KEY: { location: "header" } } },
      ["apply.API_KEY.headerName", "headerName is required for location header"],
    ],
    // secretFields
    [
      "secret fields for a type it does not accept",
      { secretFields: { SIMPLE: ["username"] } },
      ["secretFields.SIMPLE", "secretFields.SIMPLE but the component does not accept SIMPLE"],
    ],
    [
      "a secret field the type does not have",
      { authTypes: ["SIMPLE"], secretFields: { SIMPLE: ["user"] } },
      ["secretFields.SIMPLE.0", "user is not a SIMPLE value field shown in clear (username)"],
    ],
    [
      "a field that is secret already",
      { authTypes: ["SIMPLE"], secretFields: { SIMPLE: ["passphrase"] } },
      ["secretFields.SIMPLE.0", "passphrase is not a SIMPLE value field shown in clear (username)"],
    ],
    [
      "a field that is not text",
      { authTypes: ["API_KEY"], secretFields: { API_KEY: ["location"] } },
      ["secretFields.API_KEY.0", "location is not a API_KEY value field shown in clear (headerName, prefix)"],
    ],
    [
      "an empty list",
      { authTypes: ["SIMPLE"], secretFields: { SIMPLE: [] } },
      ["secretFields.SIMPLE", "Too small: expected array to have >=1 items"],
    ],
    [
      "a field named twice",
      { authTypes: ["SIMPLE"], secretFields: { SIMPLE: ["username", "username"] } },
      ["secretFields.SIMPLE", "Duplicate field name"],
    ],
    [
      "a type with no public value fields",
      { authTypes: ["NO_AUTH"], secretFields: { NO_AUTH: ["x"] } },
      ["secretFields.NO_AUTH", "NO_AUTH has no value fields a component can mark secret"],
    ],
  ])("rejects %s", (_, patch, issue) => {
    expect(issuesOf(patch)).toEqual([issue]);
  });

  it.each<[string, Partial<ComponentEntryInput>, [string, string]]>([
    [
      "a Host request default",
      { requestDefaults: { headers: { Host: "internal.example" } } },
      ["requestDefaults.headers.Host", "Invalid key in record"],
    ],
    [
      "a Content-Length dry-run header",
      { dryRun: { ...httpDryRun, headers: { "content-length": "0" } } },
      ["dryRun.headers.content-length", "Invalid key in record"],
    ],
    [
      "a Proxy-* dry-run header",
      { dryRun: { ...httpDryRun, headers: { "Proxy-Authorization": "x" } } },
      ["dryRun.headers.Proxy-Authorization", "Invalid key in record"],
    ],
    [
      "a bearer header that is Transfer-Encoding",
      { apply: { BEARER: { headerName: "Transfer-Encoding" } } },
      ["apply.BEARER.headerName", "The Transfer-Encoding header may not be set by a credential"],
    ],
    [
      "an API key header that is Host",
      { authTypes: ["API_KEY"], apply: { API_KEY: { location: "header", headerName: "host" } } },
      ["apply.API_KEY.headerName", "The host header may not be set by a credential"],
    ],
    [
      "a suggested custom header that is Connection",
      { authTypes: ["HTTP_HEADERS"], apply: { HTTP_HEADERS: { headerNames: ["X-Ok", "Connection"] } } },
      ["apply.HTTP_HEADERS.headerNames.1", "The Connection header may not be set by a credential"],
    ],
    [
      "an OAuth header that is Upgrade",
      { authTypes: ["OA2_CLIENT_CREDENTIALS"], oauth, apply: { OA2_CLIENT_CREDENTIALS: { headerName: "Upgrade" } } },
      ["apply.OA2_CLIENT_CREDENTIALS.headerName", "The Upgrade header may not be set by a credential"],
    ],
  ])("rejects %s (a header no credential request may carry)", (_, patch, issue) => {
    expect(issuesOf(patch)).toEqual([issue]);
  });

  it("allows an API key query parameter whose name looks like a forbidden header", () => {
    expect(issuesOf({ authTypes: ["API_KEY"], apply: { API_KEY: { location: "query", queryName: "host" } } })).toEqual(
      [],
    );
  });

  it("accepts secret fields that are value fields shown in clear", () => {
    const parsed = componentEntrySchema.parse({
      ...minimal,
      authTypes: ["POSTGRES", "MYSQL"],
      secretFields: { POSTGRES: ["username"] },
      dryRun: { kind: "native" },
    });
    expect(secretFieldsFor(parsed, "POSTGRES")).toEqual(["username"]);
    expect(secretFieldsFor(parsed, "MYSQL")).toEqual([]);
    expect(secretFieldsFor(undefined, "SIMPLE")).toEqual([]);
    expect(componentEntrySchema.parse(minimal).secretFields).toEqual({});
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
    expect(
      listComponents({ ids: ["slack", "github"] })
        .map((e) => e.id)
        .sort(),
    ).toEqual(["github", "slack"]);
    const databases = listComponents({ category: "Database" });
    expect(databases.map((e) => e.id)).toEqual(expect.arrayContaining(["mysql", "postgresql", "redis", "sql-server"]));
    expect(databases.every((e) => e.category === "Database")).toBe(true);
    expect(databases.length).toBeLessThan(catalogue.length);
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
    expect(pub).toMatchObject({
      id: "github",
      logo: "/logos/github.svg",
      hasDryRun: true,
      oauth: { defaultScopes: ["read:user"], authClientId: "ac_1" },
    });
    expect(JSON.stringify(pub)).not.toContain("login/oauth");
    expect(toPublicComponent(byId("postgresql"))).toMatchObject({ logo: "/logos/postgresql.svg", hasDryRun: true });
    expect(toPublicComponent(byId("openai")).oauth).toBeUndefined();
    expect(toPublicComponent(byId("stripe")).secretFields).toEqual({ SIMPLE: ["username"] });
    expect(toPublicComponent(byId("github")).secretFields).toEqual({});
  });
});
