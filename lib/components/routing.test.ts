import { describe, expect, it } from "vitest";
import { getComponent, type ComponentEntry } from "./index";
import { changedRoutingFields, freeHostPlaceholders, routingFields, routingPlaceholders } from "./routing";

const entry = (id: string) => getComponent(id) as ComponentEntry;

describe("routingPlaceholders", () => {
  it.each([
    ["https://{{domain}}.okta.com/api", ["domain"]],
    ["https://api.{{site}}/api/v1/validate", ["site"]],
    ["https://{{host}}:{{port}}/x", ["host", "port"]],
    ["https://{{host}}", ["host"]],
    ["https://{{host}}?a={{q}}", ["host"]],
    ["https://api.example.com/stores/{{storeHash}}/v2", []],
    ["https://api.example.com/{{a}}.{{b}}", []],
    ["https://login.example.com/{{tenant}}/oauth2/token", []],
    ["{{baseUrl}}/me", ["baseUrl"]],
    ["{{instanceUrl}}/services/data/{{version}}", ["instanceUrl"]],
    // Glued to a leading placeholder, a field could go on with the host name…
    ["{{baseUrl}}{{suffix}}/x", ["baseUrl", "suffix"]],
  ])("%s → %j", (template, expected) => {
    expect(routingPlaceholders(template)).toEqual(expected);
  });

  it("…unless its pattern makes it start with a slash", () => {
    expect(routingPlaceholders("{{baseUrl}}{{testPath}}", new Map([["testPath", "^/[^\\s#]*$"]]))).toEqual(["baseUrl"]);
  });
});

describe("routingFields from the catalogue", () => {
  it.each([
    ["http-api", ["baseUrl"]],
    ["okta", ["oktaDomain"]],
    ["gitlab", ["host"]],
    ["salesforce", ["loginHost", "instanceUrl"]],
    ["shopify", ["shop"]],
    ["quickbooks", ["apiHost"]],
    ["custom-oauth2", ["authorizationUrl", "tokenUrl"]],
    ["microsoft-365", []],
    ["twilio", []],
    ["postgresql", []], // host and port are in the value, which is only ever replaced whole
  ])("%s → %j", (id, expected) => {
    expect(routingFields(entry(id))).toEqual(expected);
  });

  it("looks at OAuth endpoints too, not only the dry run", () => {
    const oauthOnly = {
      fields: [{ name: "idp", label: "IdP", required: true }],
      oauth: { tokenUrl: "https://{{idp}}/token" },
    } as unknown as ComponentEntry;
    expect(routingFields(oauthOnly)).toEqual(["idp"]);
  });

  it("changedRoutingFields compares resolved configs, ignoring other fields", () => {
    const http = entry("http-api");
    expect(
      changedRoutingFields(
        http,
        { baseUrl: "https://a.example", testPath: "/" },
        { baseUrl: "https://a.example", testPath: "/me" },
      ),
    ).toEqual([]);
    expect(
      changedRoutingFields(
        http,
        { baseUrl: "https://a.example", testPath: "/" },
        { baseUrl: "https://b.example", testPath: "/" },
      ),
    ).toEqual(["baseUrl"]);
  });
});

describe("freeHostPlaceholders: who would choose the server", () => {
  const free = (id: string, template: string) => freeHostPlaceholders(template, getComponent(id)!.fields);

  it("names a placeholder whose field accepts a host of one's own", () => {
    expect(free("auth0", "https://{{domain}}/oauth/token")).toEqual(["domain"]);
    expect(free("gitlab", "https://{{host}}/oauth/token")).toEqual(["host"]);
    expect(free("test-oauth2-api", "{{apiUrl}}/token")).toEqual(["apiUrl"]);
    // No field at all (a custom client's own placeholder): nothing confines it.
    expect(freeHostPlaceholders("https://{{anything}}/token", [])).toEqual(["anything"]);
  });

  it("leaves placeholders a pattern confines to a domain, fixed choices, and paths", () => {
    expect(free("shopify", "https://{{shop}}.myshopify.com/admin/oauth/access_token")).toEqual([]);
    expect(free("zendesk", "https://{{subdomain}}.zendesk.com/oauth/tokens")).toEqual([]);
    expect(free("salesforce", "https://{{loginHost}}/services/oauth2/token")).toEqual([]);
    expect(free("zoho-crm", "https://accounts.zoho.{{dataCenter}}/oauth/v2/token")).toEqual([]);
    expect(free("auth0", "https://login.example.com/{{domain}}/token")).toEqual([]);
  });
});
