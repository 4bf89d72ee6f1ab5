import { z } from "zod";
import { impersonateSchema, createSecretSchema, listSecretsQuery, patchSecretSchema, usageSchema } from "@/lib/secrets/schemas";
import { secretTypes } from "@/lib/secrets/types";
import {
  addMemberSchema,
  changePasswordSchema,
  createApiKeySchema,
  createWorkspaceSchema,
  updateMemberSchema,
} from "@/lib/tenants/schemas";
import { settingsPatchSchema } from "@/lib/tenants/settings";

type Op = {
  summary: string;
  auth: string[];
  body?: z.ZodType;
  query?: z.ZodObject;
  status?: number;
  paged?: boolean;
};

const json = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any", target: "draft-2020-12" });

const ALL = ["apiKey", "userToken", "session"];
const TENANT = ["apiKey", "session"];
const SECRET_ID = "{id}";

/** Every documented operation, keyed by path then method. Bodies come from the same zod schemas the handlers use. */
const paths: Record<string, Record<string, Op>> = {
  "/impersonate": { post: { summary: "Get a user token for an end user (created on first use)", auth: ["apiKey"], body: impersonateSchema } },
  "/secrets": {
    get: { summary: "List visible secrets with masked values", auth: ALL, query: listSecretsQuery, paged: true },
    post: { summary: "Store a credential (credential passing)", auth: ALL, body: createSecretSchema, status: 201 },
  },
  [`/secrets/${SECRET_ID}`]: {
    get: { summary: "Read a secret with its decrypted value (FlowMate shape); counts as a use", auth: ["apiKey", "userToken"] },
    patch: { summary: "Rename, or replace the value (validated whole) or config", auth: ALL, body: patchSecretSchema },
    delete: { summary: "Delete; 409 in_use while an active usage exists unless ?force=true (admin or API key)", auth: ALL, status: 204 },
  },
  [`/secrets/${SECRET_ID}/request-auth`]: {
    get: { summary: "Headers, query parameters and cookies to apply to an outgoing request", auth: ["apiKey", "userToken"] },
  },
  [`/secrets/${SECRET_ID}/usages`]: {
    get: { summary: "List the flows or connections that use the secret", auth: ALL },
    post: { summary: "Add or update a usage by ref", auth: ALL, body: usageSchema, status: 201 },
  },
  [`/secrets/${SECRET_ID}/usages/{ref}`]: { delete: { summary: "Remove a usage", auth: ALL, status: 204 } },
  "/end-users/{username}": { delete: { summary: "Delete an end user, their secrets and tokens", auth: TENANT, status: 204 } },
  "/api-keys": {
    get: { summary: "List API keys (never the key itself)", auth: TENANT },
    post: { summary: "Create an API key; the plaintext is in this response only", auth: TENANT, body: createApiKeySchema, status: 201 },
  },
  "/api-keys/{id}": { delete: { summary: "Revoke an API key at once", auth: TENANT, status: 204 } },
  "/workspaces": {
    get: { summary: "List workspaces", auth: TENANT },
    post: { summary: "Create a workspace", auth: TENANT, body: createWorkspaceSchema, status: 201 },
  },
  "/workspaces/{id}": { delete: { summary: "Delete an empty workspace", auth: TENANT, status: 204 } },
  "/members": {
    get: { summary: "List dashboard members", auth: TENANT },
    post: { summary: "Add a member with a role and an initial password", auth: TENANT, body: addMemberSchema, status: 201 },
  },
  "/members/{id}": {
    patch: { summary: "Change a member's role", auth: TENANT, body: updateMemberSchema },
    delete: { summary: "Remove a member", auth: TENANT, status: 204 },
  },
  "/settings": {
    get: { summary: "Tenant settings", auth: TENANT },
    patch: { summary: "Change embed origins, return-URL origins, branding or the user-token TTL", auth: TENANT, body: settingsPatchSchema },
  },
  "/account/password": {
    post: { summary: "A dashboard member changes their own password", auth: ["session"], body: changePasswordSchema, status: 204 },
  },
  "/audit-events": { get: { summary: "The audit log, newest first", auth: TENANT, query: z.object({ action: z.string().optional(), targetId: z.string().optional() }), paged: true } },
};

const errorSchema = {
  type: "object",
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string" },
        message: { type: "string" },
        issues: { type: "array", items: { type: "object", properties: { path: { type: "string" }, message: { type: "string" } } } },
      },
    },
  },
};

function parameters(path: string, op: Op) {
  const params: object[] = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
  for (const [name, schema] of Object.entries(op.query?.shape ?? {})) {
    params.push({ name, in: "query", required: false, schema: json(schema as z.ZodType) });
  }
  if (op.paged) {
    params.push({ name: "page[number]", in: "query", schema: { type: "integer", minimum: 0, default: 1 } });
    params.push({ name: "page[size]", in: "query", schema: { type: "integer", minimum: 1, maximum: 100, default: 30 } });
  }
  return params;
}

/** The OpenAPI 3.1 document for /api/v1, generated from the handlers' zod schemas. */
export function openApiDocument(serverUrl = "/api/v1") {
  const out: Record<string, Record<string, object>> = {};
  for (const [path, ops] of Object.entries(paths)) {
    out[path] = {};
    for (const [method, op] of Object.entries(ops)) {
      const status = String(op.status ?? 200);
      out[path][method] = {
        summary: op.summary,
        security: op.auth.map((a) => ({ [a]: [] })),
        parameters: parameters(path, op),
        ...(op.body && { requestBody: { required: true, content: { "application/json": { schema: json(op.body) } } } }),
        responses: {
          [status]: { description: status === "204" ? "No content" : "Success" },
          default: { description: "Error", content: { "application/json": { schema: errorSchema } } },
        },
      };
    }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Integration Center API",
      version: "1.0.0",
      description: "Credential vault API with FlowMate / Open Integration Hub compatible shapes. Errors are {error: {code, message, issues?}}.",
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "Tenant API key (ick_…)" },
        userToken: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "User token from POST /impersonate" },
        session: { type: "apiKey", in: "cookie", name: "authjs.session-token", description: "Dashboard session; writes also need X-Requested-With" },
      },
      schemas: Object.fromEntries(Object.entries(secretTypes).map(([t, d]) => [`${t}_value`, json(d.schema)])),
    },
    paths: out,
  };
}
