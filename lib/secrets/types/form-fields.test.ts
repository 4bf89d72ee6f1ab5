import { describe, expect, it } from "vitest";
import { z } from "zod";
import { valueFields } from "@/components/credentials/form/field-specs";
import { API_KEY_DEFAULT_NAMES, apiKey } from "./api-key";
import { bearer } from "./bearer";
import { formFields, type FieldSpec } from "./common";
import { secretTypes, type SecretType } from "./index";

describe("formFields reads what a field accepts from the schema", () => {
  const schema = z.strictObject({
    token: z.string().min(1),
    blank: z.string(),
    maybe: z.string().optional(),
    port: z.coerce.number().int().default(5432),
    mode: z.enum(["a", "b"]).default("b"),
    where: z.enum(["x", "y"]).optional(),
    headers: z.record(z.string(), z.string()),
    expires: z.string().nullable().optional(),
    notInForm: z.string().optional(),
  });

  it("takes order, labels and help from the looks, and required, defaults and choices from the schema", () => {
    const fields = formFields(schema, {
      mode: { label: "Mode" },
      token: { label: "Token", kind: "secret", help: "Write it down" },
      blank: { label: "Blank" },
      maybe: { label: "Maybe", initial: "start" },
      port: { label: "Port" },
      where: { label: "Where" },
      headers: { label: "Headers" },
      expires: { label: "Expires", kind: "textarea" },
    });
    expect(fields).toEqual<FieldSpec[]>([
      { name: "mode", label: "Mode", kind: "select", required: true, default: "b", choices: ["a", "b"] },
      { name: "token", label: "Token", kind: "secret", required: true, help: "Write it down" },
      // A string the schema takes empty is not required: the form may send "".
      { name: "blank", label: "Blank", kind: "text", required: false },
      { name: "maybe", label: "Maybe", kind: "text", required: false, default: "start" },
      { name: "port", label: "Port", kind: "number", required: true, default: 5432 },
      { name: "where", label: "Where", kind: "select", required: false, choices: ["x", "y"] },
      { name: "headers", label: "Headers", kind: "headers", required: true },
      { name: "expires", label: "Expires", kind: "textarea", required: false },
    ]);
  });

  it("refuses a look for a field the schema does not have", () => {
    expect(() => formFields(schema, { nope: { label: "Nope" } } as never)).toThrow(/nope is not a field/);
  });

  it("refuses an initial value where the schema has a default, which would say it twice", () => {
    expect(() => formFields(schema, { port: { label: "Port", initial: "1" } })).toThrow(/port has a schema default/);
  });
});

/** One valid value per stored type, to vary field by field. */
const samples: Record<SecretType, Record<string, unknown>> = {
  NO_AUTH: {},
  SIMPLE: { username: "alice", passphrase: "pw" },
  API_KEY: { key: "k-1", location: "query", headerName: "api_key", prefix: "Key " },
  BEARER: { token: "t-1", headerName: "Authorization", prefix: "Bearer " },
  HTTP_HEADERS: { headers: { "X-One": "1" } },
  OA2_AUTHORIZATION_CODE: { accessToken: "at", refreshToken: "rt", scope: "read", expires: "2030-01-01T00:00:00Z" },
  OA2_CLIENT_CREDENTIALS: { accessToken: "at", scope: "read", expires: "2030-01-01T00:00:00Z" },
  SESSION_AUTH: { accessToken: "at", expires: "2030-01-01T00:00:00Z" },
  POSTGRES: { host: "db.example.com", port: 6543, database: "app", username: "u", password: "pw", sslMode: "require" },
  MYSQL: { host: "db.example.com", port: 3307, database: "app", username: "u", password: "pw", sslMode: "disable" },
  MSSQL: {
    host: "db.example.com",
    port: 1434,
    database: "app",
    username: "sa",
    password: "pw",
    sslMode: "verify-full",
  },
  REDIS: { host: "cache.example.com", port: 6380, username: "app", password: "pw", database: 2, tls: "verify-full" },
  AMQP: { host: "mq.example.com", port: 5671, vhost: "prod", username: "u", password: "pw", tls: "require" },
  // Both a password and a key, so either can be left out on its own (no passphrase: it needs the key).
  SFTP: {
    host: "files.example.com",
    port: 2222,
    username: "u",
    password: "pw",
    privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaA==\n-----END OPENSSH PRIVATE KEY-----",
    hostKeyFingerprint: `SHA256:${"A".repeat(43)}`,
  },
  FTP: { host: "ftp.example.com", port: 2121, username: "u", password: "pw", tls: "implicit" },
  MONGODB: {
    connectionString: "mongodb+srv://u:pw@cluster0.example.mongodb.net/app",
    host: "mongo.example.com",
    port: 27018,
    database: "app",
    username: "u",
    password: "pw",
    authSource: "admin",
    tls: "on",
  },
  // SSL, so the SASL username and password may each be left out.
  KAFKA: {
    bootstrapServers: "k1.example.com:9093,k2.example.com",
    securityProtocol: "SSL",
    saslMechanism: "SCRAM-SHA-512",
    username: "u",
    password: "pw",
  },
  AWS: { accessKeyId: "AKIAEXAMPLE", secretAccessKey: "sk", sessionToken: "st", region: "eu-west-1" },
  // Both a key and a SAS token, so either can be left out on its own.
  AZURE_STORAGE: { accountName: "acct", accountKey: "a2V5", sasToken: "sv=1&sig=x", container: "files" },
  // The create bodies of the signing types (an import; the key itself is checked server-side).
  HS256: { secret: "c2lnbmluZy1rZXktdGhhdC1pcy0zMi1ieXRlcy1sb25n" },
  RS256: { privateKey: "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----" },
  MIXED: { payload: "{}" },
};

const without = (value: Record<string, unknown>, name: string) =>
  Object.fromEntries(Object.entries(value).filter(([k]) => k !== name));

const cases = (Object.keys(secretTypes) as SecretType[]).flatMap((type) =>
  secretTypes[type].fields.map((f) => [`${type}.${f.name}`, type, f] as const),
);

describe("every type's form says what its schema accepts", () => {
  it.each(Object.entries(samples))("%s sample is valid", (type, value) => {
    expect(secretTypes[type as SecretType].schema.safeParse(value).success).toBe(true);
  });

  it.each(cases)("%s: required exactly when an empty input is refused", (_, type, f) => {
    const schema = secretTypes[type].schema;
    const empty = f.kind === "headers" ? {} : "";
    const takesEmpty = schema.safeParse({ ...samples[type], [f.name]: empty }).success;
    const takesNothing = schema.safeParse(without(samples[type], f.name)).success;
    // Required: neither "" nor nothing will do, unless the schema fills in a default.
    // Optional: one of them will (the form sends "" or leaves the field out).
    if (f.required && f.default === undefined) expect([takesEmpty, takesNothing]).toEqual([false, false]);
    else if (f.required) expect(takesNothing).toBe(true);
    else expect(takesEmpty || takesNothing).toBe(true);
  });

  it.each(cases.filter(([, , f]) => f.choices))("%s: the choices are the values the schema takes", (_, type, f) => {
    const schema = secretTypes[type].schema;
    for (const choice of f.choices!)
      expect(schema.safeParse({ ...samples[type], [f.name]: choice }).success, choice).toBe(true);
    expect(schema.safeParse({ ...samples[type], [f.name]: "not-a-choice" }).success).toBe(false);
  });

  it.each(cases.filter(([, type, f]) => f.default !== undefined && type !== "BEARER"))(
    "%s: the default shown is the one the schema fills in",
    (_, type, f) => {
      const parsed = secretTypes[type].schema.parse(without(samples[type], f.name)) as Record<string, unknown>;
      expect(parsed[f.name]).toBe(f.default);
    },
  );

  it("database forms start at each engine's port", () => {
    const port = (type: "POSTGRES" | "MYSQL") => secretTypes[type].fields.find((f) => f.name === "port")?.default;
    expect([port("POSTGRES"), port("MYSQL")]).toEqual([5432, 3306]);
  });

  it("a bearer form's initial header and prefix are what the request carries when they are left out", () => {
    const initial = (name: string) => String(bearer.fields.find((f) => f.name === name)?.default);
    expect(bearer.apply!({ token: "t-1" }).headers).toEqual({ [initial("headerName")]: `${initial("prefix")}t-1` });
  });

  it("the API key form names the defaults the request uses", () => {
    const sent = (location?: "header" | "query" | "cookie") => {
      const auth = apiKey.apply!({ key: "k-1", location });
      return Object.keys({ ...auth.headers, ...auth.query, ...auth.cookies })[0];
    };
    expect([sent(), sent("query"), sent("cookie")]).toEqual([
      API_KEY_DEFAULT_NAMES.header,
      API_KEY_DEFAULT_NAMES.query,
      API_KEY_DEFAULT_NAMES.cookie,
    ]);
    const headerName = valueFields("API_KEY", {}).find((f) => f.name === "headerName")!;
    expect(headerName.placeholder).toBe(sent());
    expect(headerName.hint).toContain(`${sent()} for a header, ${sent("query")} otherwise`);
    expect(apiKey.fields.find((f) => f.name === "headerName")?.help).toBe(
      `Default ${sent()} (header) or ${sent("query")}`,
    );
  });
});
