import { z } from "zod";
import { formFields, hint, hintSecretFields, required, type SecretTypeDef } from "./common";

/** A parsed `mongodb://` or `mongodb+srv://` connection string. */
export type MongoUri = {
  srv: boolean;
  hosts: { host: string; port: number }[];
  username?: string;
  password?: string;
  database?: string;
  options: Record<string, string>;
};

/** At most this many hosts in a seed list (lib/verify/native/run.ts MAX_TARGETS). */
const MAX_SEEDS = 10;

/**
 * Parses a MongoDB connection string (https://www.mongodb.com/docs/manual/reference/connection-string-formats/).
 * Returns an error message for anything the check could not dial safely: a Unix socket,
 * an SRV name with a port or a second host, more than 10 hosts.
 */
export function parseMongoUri(uri: string): MongoUri | string {
  const m = /^(mongodb(?:\+srv)?):\/\/(?:([^@/]*)@)?([^/?#]+)(?:\/([^?#]*))?(?:\?([^#]*))?$/.exec(uri.trim());
  if (!m) return "Not a mongodb:// or mongodb+srv:// connection string";
  const [, scheme, userinfo, hostList, path, query] = m;
  const srv = scheme === "mongodb+srv";
  const hosts: MongoUri["hosts"] = [];
  for (const part of hostList.split(",")) {
    const hm = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/.exec(part);
    if (!hm) return `Not a host: ${part.slice(0, 60)}`;
    const host = decodeURIComponent(hm[1] ?? hm[2]);
    if (host.includes("/") || host.endsWith(".sock")) return "Unix sockets are not supported";
    const port = hm[3] ? Number(hm[3]) : 27017;
    if (port < 1 || port > 65535) return `Not a port: ${hm[3]}`;
    if (srv && hm[3]) return "A mongodb+srv:// host has no port";
    hosts.push({ host, port });
  }
  if (srv && hosts.length !== 1) return "A mongodb+srv:// connection string names exactly one host";
  if (hosts.length > MAX_SEEDS) return `At most ${MAX_SEEDS} hosts`;
  let username: string | undefined;
  let password: string | undefined;
  try {
    if (userinfo !== undefined) {
      const i = userinfo.indexOf(":");
      username = decodeURIComponent(i < 0 ? userinfo : userinfo.slice(0, i));
      password = i < 0 ? undefined : decodeURIComponent(userinfo.slice(i + 1));
    }
    const options = Object.fromEntries(new URLSearchParams(query ?? ""));
    const database = path ? decodeURIComponent(path) : undefined;
    return { srv, hosts, username, password, database: database || undefined, options };
  } catch {
    return "The connection string has a bad %-escape";
  }
}

const TRUE = new Set(["true", "1", "yes"]);
/** True when the connection string itself asks for TLS (mongodb+srv:// defaults to it). */
export function uriWantsTls(u: MongoUri): boolean {
  const v = (u.options.tls ?? u.options.ssl)?.toLowerCase();
  return v === undefined ? u.srv : TRUE.has(v);
}

export const mongodbSchema = z
  .strictObject({
    connectionString: z
      .string()
      .trim()
      .max(4096)
      .superRefine((s, ctx) => {
        const parsed = parseMongoUri(s);
        if (typeof parsed === "string") ctx.addIssue({ code: "custom", message: parsed });
      })
      .optional(),
    host: required("Host").max(253).optional(),
    port: z.coerce.number().int().min(1).max(65535).default(27017),
    database: z.string().min(1).max(64).optional(),
    username: z.string().min(1).max(256).optional(),
    password: z.string().min(1).max(1024).optional(),
    authSource: z.string().min(1).max(64).optional(),
    tls: z.enum(["off", "on"]).default("off"),
  })
  .superRefine((v, ctx) => {
    // Either one; given both, the connection string wins (the form says so).
    if (!v.connectionString && !v.host) {
      ctx.addIssue({ code: "custom", path: ["connectionString"], message: "Enter a connection string or a host" });
    }
  });

export type MongodbValue = z.output<typeof mongodbSchema>;

/**
 * The connection a MongoDB value describes: the connection string's parts, with the separate
 * fields winning (an Atlas string often carries `<password>` as a placeholder).
 */
export function mongoConnection(v: MongodbValue): MongoUri & { tls: boolean } {
  const fromUri = v.connectionString ? (parseMongoUri(v.connectionString) as MongoUri) : undefined;
  const base: MongoUri = fromUri ?? { srv: false, hosts: [{ host: v.host!, port: v.port }], options: {} };
  const options = { ...base.options, ...(v.authSource && { authSource: v.authSource }) };
  return {
    ...base,
    username: v.username ?? base.username,
    password: v.password ?? base.password,
    database: v.database ?? base.database,
    options,
    tls: v.tls === "on" || uriWantsTls(base),
  };
}

/** `host:port`, or the bare name of a mongodb+srv:// host (it may not carry a port). */
const hostPort = (h: { host: string; port: number }, srv = false) =>
  `${h.host.includes(":") ? `[${h.host}]` : h.host}${srv ? "" : `:${h.port}`}`;
const hostList = (u: MongoUri) => u.hosts.map((h) => hostPort(h, u.srv)).join(",");

/** MongoDB (the official driver): a connection string, or host, port and credentials. */
export const mongodb: SecretTypeDef<typeof mongodbSchema> = {
  type: "MONGODB",
  label: "MongoDB",
  schema: mongodbSchema,
  fields: formFields(mongodbSchema, {
    connectionString: {
      label: "Connection string",
      kind: "secret",
      help: "mongodb://… or mongodb+srv://… (Atlas: Connect › Drivers). Or leave it empty and give the host below.",
    },
    host: { label: "Host", help: "Instead of a connection string (which wins when both are given)." },
    port: { label: "Port" },
    database: { label: "Database" },
    username: { label: "Username", help: "Overrides the one in the connection string." },
    password: { label: "Password", kind: "secret", help: "Overrides the one in the connection string." },
    authSource: { label: "Authentication database", help: "Where the user is defined; admin by default." },
    tls: { label: "TLS", help: "on forces TLS; mongodb+srv:// and tls=true in the connection string turn it on too." },
  }),
  mask: (v, opts) =>
    hintSecretFields(
      {
        // The string may hold a password; the hosts alone are shown.
        ...(v.connectionString !== undefined && {
          connectionString: `${v.connectionString.startsWith("mongodb+srv:") ? "mongodb+srv" : "mongodb"}://****@${hostList(
            parseMongoUri(v.connectionString) as MongoUri,
          )}`,
        }),
        ...(v.host !== undefined && { host: v.host }),
        port: v.port,
        ...(v.database !== undefined && { database: v.database }),
        ...(v.username !== undefined && { username: v.username }),
        ...(v.password !== undefined && { password: hint(v.password) }),
        ...(v.authSource !== undefined && { authSource: v.authSource }),
        tls: v.tls,
      },
      v,
      opts,
    ),
  apply: null,
  // A connection string in the driver's own form, with the separate fields folded in.
  connection: (v) => {
    const c = mongoConnection(v);
    const auth = c.username
      ? `${encodeURIComponent(c.username)}${c.password !== undefined ? `:${encodeURIComponent(c.password)}` : ""}@`
      : "";
    const query = new URLSearchParams({ ...c.options, ...(c.tls && !c.srv && { tls: "true" }) }).toString();
    const url = `${c.srv ? "mongodb+srv" : "mongodb"}://${auth}${hostList(c)}/${encodeURIComponent(
      c.database ?? "",
    )}${query ? `?${query}` : ""}`;
    return {
      url,
      hosts: hostList(c),
      srv: c.srv,
      tls: c.tls,
      ...(c.database !== undefined && { database: c.database }),
      ...(c.username !== undefined && { username: c.username }),
      ...(c.password !== undefined && { password: c.password }),
      ...(c.options.authSource !== undefined && { authSource: c.options.authSource }),
    };
  },
};
