import { describe, expect, it } from "vitest";
import { valueFields } from "@/components/credentials/form/field-specs";
import { createCredentialSchema } from "@/components/credentials/form/schema";
import { componentEntrySchema, resolveConfig } from "./index";

/*
 * The server (`resolveConfig`) and the dashboard form check a component's config with the
 * same builder, so the same input gets the same issues, word for word, in both.
 */
const entry = componentEntrySchema.parse({
  id: "acme",
  name: "Acme",
  category: "Generic",
  docsUrl: "https://acme.example/docs",
  authTypes: ["BEARER"],
  fields: [
    { name: "subdomain", label: "Subdomain", required: true, pattern: "^[a-z0-9-]+$" },
    {
      name: "region",
      label: "Region",
      required: true,
      default: "eu",
      choices: [
        { value: "eu", label: "EU" },
        { value: "us", label: "US" },
      ],
    },
    { name: "team", label: "Team", pattern: "^[A-Z]+$" },
  ],
  baseUrl: "https://{{subdomain}}.acme.example",
});

/** The config issues the form reports for these inputs, as the API's `{path, message}`. */
function formIssues(config: Record<string, string>) {
  const form = { name: "Acme", workspace: "production", config, value: { token: "t-1" }, headers: [], replace: true };
  const r = createCredentialSchema("BEARER", valueFields("BEARER", entry.apply), entry.fields).safeParse(form);
  if (r.success) return [];
  return r.error.issues
    .map((i) => ({ path: i.path.join("."), message: i.message }))
    .filter((i) => i.path.startsWith("config."));
}

const serverIssues = (config: Record<string, string>) => {
  const r = resolveConfig(entry, config);
  return r.ok ? [] : r.issues;
};

describe("component config: one set of rules for the form and the server", () => {
  it.each<[string, Record<string, string>, Array<{ path: string; message: string }>]>([
    [
      "a missing required field",
      { subdomain: "", region: "eu", team: "" },
      [{ path: "config.subdomain", message: "Subdomain is required" }],
    ],
    [
      "a value that misses its pattern",
      { subdomain: "evil.example/x", region: "eu", team: "" },
      [{ path: "config.subdomain", message: "Subdomain has an invalid format" }],
    ],
    [
      "a value outside the choices",
      { subdomain: "a", region: "mars", team: "" },
      [{ path: "config.region", message: "Region must be one of the listed choices" }],
    ],
    [
      "an optional value that misses its pattern",
      { subdomain: "a", region: "eu", team: "lower" },
      [{ path: "config.team", message: "Team has an invalid format" }],
    ],
    ["only white space where a default exists", { subdomain: "a", region: "  ", team: "" }, []],
    ["white space around a value", { subdomain: " a ", region: " us ", team: " X " }, []],
  ])("%s", (_, config, issues) => {
    expect(serverIssues(config)).toEqual(issues);
    expect(formIssues(config)).toEqual(issues);
  });

  it("fills the defaults on the server and sends only what was entered from the form", () => {
    expect(resolveConfig(entry, { subdomain: " a ", region: "  " })).toEqual({
      ok: true,
      values: { subdomain: "a", region: "eu" },
    });
    const form = {
      name: "Acme",
      workspace: "production",
      config: { subdomain: " a ", region: "", team: "" },
      value: { token: "t" },
      headers: [],
      replace: true,
    };
    const parsed = createCredentialSchema("BEARER", valueFields("BEARER", entry.apply), entry.fields).parse(form);
    expect(parsed.config).toEqual({ subdomain: "a" });
  });

  it("refuses unknown keys and non-strings on the server, one issue each", () => {
    expect(serverIssues({ subdomain: "a", nope: "1", other: "2" })).toEqual([
      { path: "config.nope", message: "Unknown field" },
      { path: "config.other", message: "Unknown field" },
    ]);
    expect(resolveConfig(entry, { subdomain: 7 } as never)).toEqual({
      ok: false,
      issues: [{ path: "config.subdomain", message: "Must be a string" }],
    });
  });
});
