import { describe, expect, it } from "vitest";
import { valueFields } from "@/components/credentials/form/field-specs";
import { renderRequestAuth } from "@/lib/secrets/render";
import { kafkaSchema } from "@/lib/secrets/types/kafka";
import { mongodbSchema } from "@/lib/secrets/types/mongodb";
import { getComponent } from "../index";

/*
 * The managed flavours of Kafka and MongoDB without the network: what their forms start with
 * and what an API value of the provider's usual shape becomes. The checks themselves run against
 * loopback fakes (lib/verify/native/kafka.test.ts, mongodb.test.ts).
 */
const byId = (id: string) => {
  const entry = getComponent(id);
  if (!entry) throw new Error(`missing ${id}`);
  return entry;
};

/** What the type's form starts with for this component, by field name. */
const initial = (id: string, type: "KAFKA" | "MONGODB") =>
  Object.fromEntries(valueFields(type, byId(id).apply).map((f) => [f.name, f.initial]));

describe("Confluent Cloud", () => {
  it("takes KAFKA with the native dry run", () => {
    expect(byId("confluent-cloud")).toMatchObject({ authTypes: ["KAFKA"], dryRun: { kind: "native" } });
  });

  it("starts its form with SASL_SSL and PLAIN, and no secret pre-filled", () => {
    expect(initial("confluent-cloud", "KAFKA")).toMatchObject({
      securityProtocol: "SASL_SSL",
      saslMechanism: "PLAIN",
      username: "",
      password: "",
    });
  });

  it("an API key and secret alone are SASL_SSL + PLAIN, answered as client properties", () => {
    const entry = byId("confluent-cloud");
    const value = kafkaSchema.parse({
      bootstrapServers: "pkc-00000.eu-west-1.aws.confluent.cloud:9092",
      username: "CLUSTERKEY",
      password: "cluster-secret",
    });
    expect(value).toMatchObject({ securityProtocol: "SASL_SSL", saslMechanism: "PLAIN" });
    expect(renderRequestAuth({ type: "KAFKA", value, entry, config: {} }).connection).toEqual({
      bootstrapServers: "pkc-00000.eu-west-1.aws.confluent.cloud:9092",
      securityProtocol: "SASL_SSL",
      ssl: true,
      saslMechanism: "PLAIN",
      username: "CLUSTERKEY",
      password: "cluster-secret",
    });
  });

  it("refuses SASL without the API key and secret", () => {
    const r = kafkaSchema.safeParse({ bootstrapServers: "pkc-00000.eu-west-1.aws.confluent.cloud:9092" });
    expect(r.success ? [] : r.error.issues.map((i) => i.path.join("."))).toEqual(["username", "password"]);
  });
});

describe("MongoDB Atlas", () => {
  it("takes MONGODB with the native dry run", () => {
    expect(byId("mongodb-atlas")).toMatchObject({ authTypes: ["MONGODB"], dryRun: { kind: "native" } });
  });

  it("starts its form empty for the pasted string with TLS on (Atlas accepts nothing else), no secret pre-filled", () => {
    expect(initial("mongodb-atlas", "MONGODB")).toMatchObject({
      connectionString: "",
      tls: "on",
      password: "",
    });
    expect(initial("mongodb", "MONGODB")).toMatchObject({ tls: "off" });
  });

  it("a pasted mongodb+srv:// string is TLS, with the separate password winning over the placeholder", () => {
    const entry = byId("mongodb-atlas");
    const value = mongodbSchema.parse({
      connectionString: "mongodb+srv://app:<password>@cluster0.ab1cd.mongodb.net/?retryWrites=true&w=majority",
      password: "atlas-pw",
    });
    const connection = renderRequestAuth({ type: "MONGODB", value, entry, config: {} }).connection;
    expect(connection).toMatchObject({
      srv: true,
      tls: true,
      hosts: "cluster0.ab1cd.mongodb.net",
      username: "app",
      password: "atlas-pw",
    });
    const url = new URL(String(connection?.url));
    expect([url.protocol, url.hostname, url.port, decodeURIComponent(url.password)]).toEqual([
      "mongodb+srv:",
      "cluster0.ab1cd.mongodb.net",
      "",
      "atlas-pw",
    ]);
    expect(url.searchParams.get("retryWrites")).toBe("true");
  });
});
