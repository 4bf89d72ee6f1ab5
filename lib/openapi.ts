import { z } from "zod";
import { routes, TAGS, type RouteDef } from "@/lib/api/routes";
import type { Allow } from "@/lib/auth/caller";
import { secretTypes } from "@/lib/secrets/types";

const V1 = "/api/v1";

const json = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any", target: "draft-2020-12" });

type JsonSchema = Record<string, unknown>;
const DEFS = "#/$defs/";
const COMPONENTS = "#/components/schemas/";

/**
 * A response schema as the document states it. The public schemas carry an `id`
 * (`.meta({id: "MaskedSecret"})`), which zod emits as `$defs` of the converted schema;
 * they move to `components/schemas`, shared by every operation, and the `$ref`s follow.
 */
function responseSchema(s: z.ZodType, shared: Record<string, JsonSchema>): JsonSchema {
  const { $defs, ...root } = z.toJSONSchema(s, {
    io: "output",
    unrepresentable: "any",
    target: "draft-2020-12",
  }) as JsonSchema;
  delete root.$schema;
  const moved = (v: unknown) => JSON.parse(JSON.stringify(v).replaceAll(`"${DEFS}`, `"${COMPONENTS}`)) as JsonSchema;
  for (const [id, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) shared[id] = moved(def);
  return moved(root);
}

const errorSchema = {
  type: "object",
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string" },
        message: { type: "string" },
        issues: {
          type: "array",
          items: { type: "object", properties: { path: { type: "string" }, message: { type: "string" } } },
        },
      },
    },
  },
};

const ROLES = ["admin", "developer", "viewer"] as const satisfies readonly Allow[];

/**
 * OpenAPI security requirements for a caller set: any one of them will do. Dashboard roles
 * go in the session scheme's list, which OpenAPI 3.1 defines as role names for non-OAuth schemes.
 * A public route has an empty list: no credentials.
 */
export function securityFor(allow: RouteDef["allow"]): Record<string, string[]>[] {
  if (allow === "public") return [];
  const set: readonly Allow[] = allow;
  const out: Record<string, string[]>[] = [];
  if (set.includes("api_key")) out.push({ apiKey: [] });
  if (set.includes("end_user")) out.push({ userToken: [] });
  if (set.includes("connect_session")) out.push({ connectSession: [] });
  const roles = ROLES.filter((r) => set.includes(r));
  if (roles.length > 0) out.push({ session: roles });
  return out;
}

function parameters(r: RouteDef) {
  const params: object[] = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
  for (const [name, schema] of Object.entries(r.query?.shape ?? {})) {
    const s = json(schema as z.ZodType) as { description?: string };
    params.push({
      name,
      in: "query",
      required: false,
      ...(s.description && { description: s.description }),
      schema: s,
    });
  }
  if (r.paged) {
    params.push({ name: "page[number]", in: "query", schema: { type: "integer", minimum: 0, default: 1 } });
    params.push({
      name: "page[size]",
      in: "query",
      schema: { type: "integer", minimum: 1, maximum: 100, default: 30 },
    });
  }
  return params;
}

/** `POST /secrets/{id}/verify` → `postSecretsIdVerify`: stable, unique, and readable in generated clients. */
function operationId(r: RouteDef) {
  const words = r.path
    .slice(V1.length)
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean);
  return r.method.toLowerCase() + words.map((w) => w[0].toUpperCase() + w.slice(1)).join("");
}

function operation(r: RouteDef, shared: Record<string, JsonSchema>) {
  const status = String(r.status ?? 200);
  return {
    operationId: operationId(r),
    tags: [r.tag],
    summary: r.summary,
    security: securityFor(r.allow),
    parameters: parameters(r),
    ...(r.body && { requestBody: { required: true, content: { "application/json": { schema: json(r.body) } } } }),
    responses: {
      [status]: {
        description: status === "204" ? "No content" : status === "302" ? "Redirect (Location)" : "Success",
        ...(r.response && { content: { "application/json": { schema: responseSchema(r.response, shared) } } }),
      },
      default: { description: "Error", content: { "application/json": { schema: errorSchema } } },
    },
  };
}

/**
 * The OpenAPI 3.1 document for /api/v1, generated from the route registry (lib/api/routes.ts):
 * one operation per registered route, with the same zod schemas the handlers parse with.
 */
export function openApiDocument(serverUrl = V1) {
  const paths: Record<string, Record<string, object>> = {};
  const shared: Record<string, JsonSchema> = {};
  for (const r of routes) {
    if (r.openapi === false) continue;
    const path = r.path.slice(V1.length);
    (paths[path] ??= {})[r.method.toLowerCase()] = operation(r, shared);
  }
  const used = new Set(routes.filter((r) => r.openapi !== false).map((r) => r.tag));
  return {
    openapi: "3.1.0",
    info: {
      title: "Integration Center API",
      version: "1.0.0",
      description:
        "Credential vault API with FlowMate / Open Integration Hub compatible shapes. Errors are {error: {code, message, issues?}}.",
    },
    servers: [{ url: serverUrl }],
    tags: TAGS.filter((t) => used.has(t)).map((name) => ({ name })),
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "Tenant API key (ick_…)" },
        userToken: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: "User token from POST /impersonate",
        },
        connectSession: {
          type: "http",
          scheme: "bearer",
          description: "Connect session (ics_…) from POST /connect-sessions, used by the embed UI; never reads a value",
        },
        session: {
          type: "apiKey",
          in: "cookie",
          name: "authjs.session-token",
          description: "Dashboard session, for the roles listed; writes also need X-Requested-With",
        },
      },
      schemas: {
        ...Object.fromEntries(Object.entries(secretTypes).map(([t, d]) => [`${t}_value`, json(d.schema)])),
        ...Object.fromEntries(Object.entries(shared).sort(([a], [b]) => a.localeCompare(b))),
      },
    },
    paths,
  };
}
