import { describe, expect, it } from "vitest";
import { valueFields } from "@/components/credentials/form/field-specs";
import { componentEntrySchema, getComponent, type ComponentEntryInput } from "../index";

const byId = (id: string) => {
  const entry = getComponent(id);
  if (!entry) throw new Error(`missing ${id}`);
  return entry;
};

/** What the type's form starts with for this component, by field name. */
const initial = (id: string, type: "REDIS" | "AMQP" | "MSSQL") =>
  Object.fromEntries(valueFields(type, byId(id).apply).map((f) => [f.name, f.initial]));

describe("cache, broker and SQL Server entries", () => {
  it.each([
    ["redis", "REDIS"],
    ["amazon-elasticache", "REDIS"],
    ["upstash-redis", "REDIS"],
    ["rabbitmq", "AMQP"],
    ["cloudamqp", "AMQP"],
    ["sql-server", "MSSQL"],
  ])("%s takes %s with the native dry run", (id, type) => {
    expect(byId(id)).toMatchObject({ authTypes: [type], dryRun: { kind: "native" } });
  });

  it("plain Redis and RabbitMQ start from the protocol's defaults (plain TCP, 6379 and 5672)", () => {
    expect(initial("redis", "REDIS")).toMatchObject({ port: "6379", tls: "disable", username: "" });
    expect(initial("rabbitmq", "AMQP")).toMatchObject({ port: "5672", tls: "disable", vhost: "/" });
    expect(initial("sql-server", "MSSQL")).toMatchObject({ port: "1433", sslMode: "prefer" });
  });

  it("managed flavours start with TLS verified, and their fixed username or TLS port", () => {
    expect(initial("amazon-elasticache", "REDIS")).toMatchObject({ tls: "verify-full", port: "6379" });
    expect(initial("upstash-redis", "REDIS")).toMatchObject({ tls: "verify-full", username: "default" });
    expect(initial("cloudamqp", "AMQP")).toMatchObject({ tls: "verify-full", port: "5671" });
  });

  it("never pre-fills a secret field", () => {
    expect(initial("upstash-redis", "REDIS").password).toBe("");
  });
});

describe("apply.<TYPE>.defaults", () => {
  const base: ComponentEntryInput = {
    id: "example-cache",
    name: "Example cache",
    category: "Database",
    docsUrl: "https://example.com/docs",
    authTypes: ["REDIS"],
    dryRun: { kind: "native" },
  };
  const issuesOf = (defaults: Record<string, string | number>) => {
    const result = componentEntrySchema.safeParse({ ...base, apply: { REDIS: { defaults } } });
    return result.success ? [] : result.error.issues.map((i) => [i.path.join("."), i.message]);
  };

  it("accepts values the type's schema takes", () => {
    expect(issuesOf({ tls: "require", port: 6380, username: "app" })).toEqual([]);
  });

  it.each<[string, Record<string, string | number>, [string, string]]>([
    [
      "a secret field",
      { password: "x" },
      ["apply.REDIS.defaults.password", "password is not a REDIS value field a form may pre-fill"],
    ],
    [
      "a field the type does not have",
      { vhost: "/" },
      ["apply.REDIS.defaults.vhost", "vhost is not a REDIS value field a form may pre-fill"],
    ],
    ["a value the schema refuses", { tls: "on" }, ["apply.REDIS.defaults.tls", '"on" is not a valid REDIS tls']],
    ["a port out of range", { port: 70000 }, ["apply.REDIS.defaults.port", "70000 is not a valid REDIS port"]],
  ])("refuses %s", (_, defaults, issue) => {
    expect(issuesOf(defaults)).toEqual([issue]);
  });

  it("refuses defaults for a type the component does not accept", () => {
    const result = componentEntrySchema.safeParse({ ...base, apply: { AMQP: { defaults: { vhost: "/" } } } });
    expect(result.success ? [] : result.error.issues.map((i) => i.message)).toEqual([
      "apply.AMQP but the component does not accept AMQP",
    ]);
  });
});
