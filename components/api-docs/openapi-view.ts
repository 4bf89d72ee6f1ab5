import { z } from "zod";

// Only the parts of the OpenAPI document the page renders. Parsing (rather than casting)
// means a change to lib/openapi.ts that breaks the page fails loudly here.
const jsonSchema = z.record(z.string(), z.unknown());

const parameterSchema = z.object({
  name: z.string(),
  in: z.enum(["path", "query", "header", "cookie"]),
  required: z.boolean().optional(),
  description: z.string().optional(),
  schema: jsonSchema.optional(),
});

const operationSchema = z.object({
  summary: z.string(),
  tags: z.array(z.string()).default([]),
  security: z.array(z.record(z.string(), z.array(z.string()))).default([]),
  parameters: z.array(parameterSchema).default([]),
  requestBody: z
    .object({ required: z.boolean().optional(), content: z.record(z.string(), z.object({ schema: jsonSchema })) })
    .optional(),
  responses: z.record(
    z.string(),
    z.object({ description: z.string(), content: z.record(z.string(), z.object({ schema: jsonSchema })).optional() }),
  ),
});

const securitySchemeSchema = z.object({
  type: z.string(),
  scheme: z.string().optional(),
  bearerFormat: z.string().optional(),
  in: z.string().optional(),
  name: z.string().optional(),
  description: z.string().optional(),
});

const documentSchema = z.object({
  openapi: z.string(),
  info: z.object({ title: z.string(), version: z.string(), description: z.string().optional() }),
  servers: z.array(z.object({ url: z.string() })).default([]),
  tags: z.array(z.object({ name: z.string() })).default([]),
  components: z.object({
    securitySchemes: z.record(z.string(), securitySchemeSchema).default({}),
    schemas: z.record(z.string(), jsonSchema).default({}),
  }),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
});

export type Parameter = z.output<typeof parameterSchema>;
export type SecurityScheme = z.output<typeof securitySchemeSchema>;
/** One way to call an operation: a security scheme, and for the session scheme the dashboard roles it admits. */
export type Caller = { scheme: string; roles: string[] };
export type Operation = z.output<typeof operationSchema> & {
  method: string;
  path: string;
  anchor: string;
  callers: Caller[];
};
export type PathGroup = { path: string; anchor: string; tag: string; operations: Operation[] };
export type TagGroup = { name: string; anchor: string; paths: PathGroup[] };

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

const slug = (s: string) =>
  s
    .replace(/[^a-zA-Z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .toLowerCase() || "root";

/**
 * The document shaped for the docs page: paths in document order, methods in HTTP order,
 * and the paths again grouped by their first operation's tag, in the document's tag order.
 */
export function openApiView(doc: unknown) {
  const d = documentSchema.parse(doc);
  const paths: PathGroup[] = Object.entries(d.paths).map(([path, item]) => {
    const operations = METHODS.filter((m) => m in item).map((method) => {
      const op = operationSchema.parse(item[method]);
      // Shared schemas (`$ref: #/components/schemas/MaskedSecret`) are written out, so each answer reads on its own.
      for (const r of Object.values(op.responses))
        for (const c of Object.values(r.content ?? {})) c.schema = inlineRefs(c.schema, d.components.schemas);
      const callers = op.security.flatMap((req) => Object.entries(req).map(([scheme, roles]) => ({ scheme, roles })));
      return { ...op, method, path, anchor: `${method}-${slug(path)}`, callers };
    });
    return { path, anchor: `path-${slug(path)}`, tag: operations[0]?.tags[0] ?? "Other", operations };
  });
  const order = [...d.tags.map((t) => t.name), ...paths.map((p) => p.tag)];
  const tags: TagGroup[] = [...new Set(order)]
    .map((name) => ({ name, anchor: `tag-${slug(name)}`, paths: paths.filter((p) => p.tag === name) }))
    .filter((t) => t.paths.length > 0);
  return {
    openapi: d.openapi,
    info: d.info,
    serverUrl: d.servers[0]?.url ?? "",
    securitySchemes: d.components.securitySchemes,
    paths,
    tags,
  };
}

const REF = "#/components/schemas/";

/** `schema` with every `$ref` into components/schemas replaced by its definition; a cycle keeps its `$ref`. */
export function inlineRefs(
  schema: Record<string, unknown>,
  defs: Record<string, Record<string, unknown>>,
  seen: readonly string[] = [],
): Record<string, unknown> {
  const walk = (v: unknown, path: readonly string[]): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x, path));
    if (!v || typeof v !== "object") return v;
    const o = v as Record<string, unknown>;
    if (typeof o.$ref === "string" && o.$ref.startsWith(REF)) {
      const id = o.$ref.slice(REF.length);
      const def = defs[id];
      if (!def || path.includes(id)) return o;
      return walk(def, [...path, id]);
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, walk(x, path)]));
  };
  return walk(schema, seen) as Record<string, unknown>;
}

/** A one-line reading of a JSON schema for the parameter table: `integer ≥ 1 ≤ 100, default 30`. */
export function describeSchema(schema: Record<string, unknown> | undefined): string {
  if (!schema) return "";
  const parts: string[] = [];
  if (Array.isArray(schema.enum)) parts.push(schema.enum.map((v) => JSON.stringify(v)).join(" | "));
  else if (typeof schema.type === "string") parts.push(schema.type);
  else return JSON.stringify(schema);
  if (typeof schema.pattern === "string") parts.push(`matching ${schema.pattern}`);
  if (typeof schema.minimum === "number") parts.push(`≥ ${schema.minimum}`);
  if (typeof schema.maximum === "number") parts.push(`≤ ${schema.maximum}`);
  if (typeof schema.maxLength === "number") parts.push(`at most ${schema.maxLength} chars`);
  const text = parts.join(" ");
  return schema.default === undefined ? text : `${text}, default ${JSON.stringify(schema.default)}`;
}
