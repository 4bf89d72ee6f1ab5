import { z } from "zod";
import type { ApiKey, Membership, TenantSettings, Workspace } from "@/db/schema";
import { idFields, iso, present, timestampSchema } from "@/lib/api/public";
import { roles } from "@/lib/auth/roles";

// Public shapes of tenant administration: members, API keys, workspaces and settings. The
// builders name every field they copy and run the result through its strict schema
// (lib/api/public.ts › present), so a password hash, a key hash or an internal setting
// cannot reach a response, nor the dashboard pages that render the same views.

/** A dashboard member: the membership's id, the login's user id and email. Never the password hash. */
export const memberSchema = z
  .strictObject({
    ...idFields,
    userId: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: z.enum(roles),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: "Member" });
export type MemberView = z.output<typeof memberSchema>;

/** `PATCH /members/{id}`: the membership after the role change. */
export const memberRoleSchema = memberSchema
  .pick({ id: true, _id: true, role: true, updatedAt: true })
  .meta({ id: "MemberRole" });

/** An API key as listed: its name and prefix, never the key or its hash. */
export const apiKeySchema = z
  .strictObject({
    ...idFields,
    name: z.string(),
    prefix: z.string().describe("The first characters of the key, to tell keys apart"),
    lastUsedAt: timestampSchema.nullable(),
    revokedAt: timestampSchema.nullable(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: "ApiKey" });
export type ApiKeyView = z.output<typeof apiKeySchema>;

/** `POST /api-keys`: the new key with its plaintext, in this response only. */
export const createdApiKeySchema = apiKeySchema
  .extend({ key: z.string().startsWith("ick_").describe("The key itself; shown once, never stored") })
  .meta({ id: "CreatedApiKey" });

export const workspaceSchema = z
  .strictObject({
    ...idFields,
    slug: z.string(),
    name: z.string(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: "Workspace" });
export type WorkspaceView = z.output<typeof workspaceSchema>;

/** The tenant's settings as an admin sees and patches them; nothing else stored with them. */
export const settingsSchema = z
  .strictObject({
    embedOrigins: z.array(z.string()).describe("Exact origins that may frame /embed"),
    returnUrlOrigins: z.array(z.string()).describe("Allowed origins for successUrl and returnTo"),
    branding: z.strictObject({
      name: z.string().optional(),
      accentColor: z.string().optional(),
      logoUrl: z.string().optional(),
    }),
    userTokenTtl: z.int().describe("Seconds a user token from POST /impersonate lasts by default"),
  })
  .meta({ id: "Settings" });
export type SettingsView = z.output<typeof settingsSchema>;

type MemberRow = Pick<Membership, "id" | "userId" | "role" | "createdAt" | "updatedAt"> & {
  email: string;
  name: string;
};

/** The public view of a member row joined with its login. */
export function publicMember(m: MemberRow): MemberView {
  return present(memberSchema, {
    id: m.id,
    _id: m.id,
    userId: m.userId,
    email: m.email,
    name: m.name,
    role: m.role,
    createdAt: iso(m.createdAt),
    updatedAt: iso(m.updatedAt),
  });
}

/** The answer to a role change. */
export function publicMemberRole(m: Pick<Membership, "id" | "role" | "updatedAt">) {
  return present(memberRoleSchema, { id: m.id, _id: m.id, role: m.role, updatedAt: iso(m.updatedAt) });
}

/** An API key without its hash; the dashboard's key list renders this view too. */
export function publicApiKey(k: ApiKey): ApiKeyView {
  return present(apiKeySchema, {
    id: k.id,
    _id: k.id,
    name: k.name,
    prefix: k.prefix,
    lastUsedAt: iso(k.lastUsedAt),
    revokedAt: iso(k.revokedAt),
    createdAt: iso(k.createdAt),
    updatedAt: iso(k.updatedAt),
  });
}

/** The one answer that carries a key's plaintext: the response to its creation. */
export function createdApiKey(k: ApiKey, key: string) {
  return present(createdApiKeySchema, { ...publicApiKey(k), key });
}

/** The public view of a workspace row. */
export function publicWorkspace(w: Workspace): WorkspaceView {
  return present(workspaceSchema, {
    id: w.id,
    _id: w.id,
    slug: w.slug,
    name: w.name,
    createdAt: iso(w.createdAt),
    updatedAt: iso(w.updatedAt),
  });
}

/** Only the documented settings leave, whatever else the stored JSON holds. */
export function publicSettings(s: TenantSettings): SettingsView {
  const { name, accentColor, logoUrl } = s.branding ?? {};
  return present(settingsSchema, {
    embedOrigins: [...s.embedOrigins],
    returnUrlOrigins: [...s.returnUrlOrigins],
    branding: {
      ...(name !== undefined && { name }),
      ...(accentColor !== undefined && { accentColor }),
      ...(logoUrl !== undefined && { logoUrl }),
    },
    userTokenTtl: s.userTokenTtl,
  });
}
