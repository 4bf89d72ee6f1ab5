import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { auditEvents, authClients, type AuthClient } from "@/db/schema";
import { ApiError, type Issue } from "@/lib/api/errors";
import { toIssues } from "@/lib/api/body";
import { iso, present } from "@/lib/api/public";
import { auditRow, type AuditInput } from "@/lib/audit";
import { getComponent } from "@/lib/components";
import { catalogueRecipe, CUSTOM_SESSION } from "./defaults";
import {
  sessionClientPublicSchema,
  type CreateSessionClientInput,
  type PatchSessionClientInput,
  type PublicSessionClient,
} from "./schemas";
import { sessionRecipeSchema, type SessionRecipe } from "./session-recipe";
import { checkUrl } from "./url-policy";

/*
 * Session-auth auth clients: login recipes
 * (docs/architecture.md › Session auth and client credentials). The recipe lives in `auth_clients.settings.session`; the OAuth columns keep
 * their defaults (no client id, no secret, no endpoints). Nothing in a recipe is secret: the
 * end user's values are in their own secret, never here.
 */

type AuditCtx = Omit<AuditInput, "tenantId" | "action" | "targetType" | "targetId">;
type RecipeParts = Partial<Pick<SessionRecipe, "fields" | "endpoints" | "tokenPath">> & {
  expirationPath?: string | null;
  expiresIn?: number | null;
};

const invalid = (issues: Issue[]) => new ApiError("validation_failed", "The request is not valid", { issues });

/** The recipe stored in a session-auth client's settings. */
export function recipeOf(row: Pick<AuthClient, "settings">): SessionRecipe {
  return sessionRecipeSchema.parse((row.settings as { session?: unknown }).session);
}

/** The public shape of a session-auth client: its recipe, all of it configuration. */
export function publicSessionClient(row: AuthClient): PublicSessionClient {
  const r = recipeOf(row);
  return present(sessionClientPublicSchema, {
    id: row.id,
    _id: row.id,
    name: row.name,
    type: "SESSION_AUTH",
    componentId: row.componentId,
    fields: r.fields,
    endpoints: { auth: r.endpoints.auth },
    tokenPath: r.tokenPath,
    expirationPath: r.expirationPath ?? null,
    expiresIn: r.expiresIn ?? null,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  });
}

/** The component a recipe is made for: Custom session auth (or none), or an entry that accepts SESSION_AUTH. */
function sessionComponent(componentId: string | undefined) {
  if (!componentId || componentId === CUSTOM_SESSION) return undefined;
  const entry = getComponent(componentId);
  if (!entry) throw invalid([{ path: "componentId", message: "Unknown component" }]);
  if (!entry.authTypes.includes("SESSION_AUTH")) {
    throw invalid([{ path: "componentId", message: `${entry.name} does not accept SESSION_AUTH credentials` }]);
  }
  return entry;
}

/**
 * `parts` over `base`, validated as a whole recipe (placeholders must name its fields).
 * A part left out keeps the base's; `expirationPath` and `expiresIn` set to null are removed.
 */
function mergeRecipe(base: Partial<SessionRecipe>, parts: RecipeParts): SessionRecipe {
  const merged: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(parts)) {
    if (v === null) delete merged[k];
    else if (v !== undefined) merged[k] = v;
  }
  const missing: Issue[] = (["fields", "endpoints", "tokenPath"] as const)
    .filter((k) => merged[k] === undefined)
    .map((k) => ({ path: k, message: "A session-auth recipe needs this (or a catalogue component that has one)" }));
  if (missing.length > 0) throw invalid(missing);
  const parsed = sessionRecipeSchema.safeParse(merged);
  if (!parsed.success) throw invalid(toIssues(parsed.error as z.ZodError));
  return parsed.data;
}

/** The login URL passes the save-time SSRF policy, unless it is the catalogue's own (vetted data). */
async function checkLoginUrl(url: string, catalogueUrl: string | undefined, unchanged?: string): Promise<void> {
  if (url === catalogueUrl || url === unchanged) return;
  const message = await checkUrl(url, undefined);
  if (message) throw invalid([{ path: "endpoints.auth.url", message }]);
}

/**
 * Creates a session-auth client. With a catalogue component that has a recipe, each part
 * left out of `input` comes from it. The audit event is written in the same transaction.
 */
export async function createSessionClient(
  db: Db,
  opts: { tenantId: string; input: CreateSessionClientInput; audit: AuditCtx },
): Promise<AuthClient> {
  const { tenantId, input } = opts;
  sessionComponent(input.componentId);
  const base: Partial<SessionRecipe> = catalogueRecipe(input.componentId) ?? {};
  const { name: _n, type: _t, componentId: _c, ...parts } = input;
  const recipe = mergeRecipe(base, parts);
  await checkLoginUrl(recipe.endpoints.auth.url, base.endpoints?.auth.url);
  const id = randomUUID();
  const [row] = await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(authClients)
      .values({
        id,
        tenantId,
        name: input.name,
        type: "SESSION_AUTH",
        componentId: input.componentId ?? null,
        // The OAuth columns have nothing to hold for a recipe.
        clientId: "",
        pkce: false,
        settings: { session: recipe },
      })
      .returning();
    await tx.insert(auditEvents).values(
      auditRow({
        ...opts.audit,
        tenantId,
        action: "auth_client.created",
        targetType: "auth_client",
        targetId: id,
        metadata: { name: input.name, type: "SESSION_AUTH", componentId: input.componentId ?? null },
      }),
    );
    return inserted;
  });
  return row;
}

/**
 * Changes a session-auth client: each recipe part given replaces the stored one, and the
 * result is validated whole. A compare-and-swap on the stored settings answers 409 on a
 * concurrent edit. Existing secrets keep their stored token; the next login uses the new recipe.
 */
export async function updateSessionClient(
  db: Db,
  opts: { row: AuthClient; input: PatchSessionClientInput; audit: AuditCtx },
): Promise<void> {
  const { row, input } = opts;
  const current = recipeOf(row);
  const { name, ...parts } = input;
  const recipe = mergeRecipe(current, parts);
  await checkLoginUrl(
    recipe.endpoints.auth.url,
    catalogueRecipe(row.componentId)?.endpoints.auth.url,
    current.endpoints.auth.url,
  );
  const changed = Object.keys(input).filter((k) => input[k as keyof PatchSessionClientInput] !== undefined);
  await db.transaction(async (tx) => {
    const done = await tx
      .update(authClients)
      .set({
        ...(name !== undefined && { name }),
        settings: { ...row.settings, session: recipe },
        updatedAt: new Date(),
      })
      .where(
        and(
          eq(authClients.id, row.id),
          eq(authClients.tenantId, row.tenantId),
          sql`${authClients.settings} = ${JSON.stringify(row.settings)}::jsonb`,
        ),
      )
      .returning({ id: authClients.id });
    if (done.length === 0) {
      throw new ApiError("conflict", "The auth client was changed or deleted meanwhile; reload it and try again");
    }
    await tx.insert(auditEvents).values(
      auditRow({
        ...opts.audit,
        tenantId: row.tenantId,
        action: "auth_client.updated",
        targetType: "auth_client",
        targetId: row.id,
        metadata: { fields: changed },
      }),
    );
  });
}
