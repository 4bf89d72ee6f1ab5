import { z } from "zod";

// The tenant settings' request schema, without server-only imports: the API handler and the
// dashboard's Settings › Embed form validate with the same one.

// DNS labels (an IPv4 address is one too): no empty label, no trailing dot, no wildcard.
const HOST_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * An exact origin, spelt as a browser sends it in `Origin`: http(s), a lowercase host
 * (punycode for IDNs) or a bracketed IPv6 address, and a port only when it is not the
 * scheme's default. Nothing else: no path or trailing slash, no wildcard, no credentials.
 * Origins are compared as exact strings (frame-ancestors, postMessage targets, a connect
 * session's origin), so a second spelling of the same origin would never match.
 */
export const originSchema = z.string().refine((o) => {
  const u = URL.parse(o);
  if (!u || (u.protocol !== "https:" && u.protocol !== "http:") || u.origin !== o) return false;
  return HOST_NAME.test(u.hostname) || /^\[[0-9a-f:.]+\]$/.test(u.hostname);
}, "Use an exact origin such as https://app.example.com (lowercase, no path, trailing slash or wildcard)");

const originList = z
  .array(originSchema)
  .max(50)
  .refine((list) => new Set(list).size === list.length, "List each origin once");

// null (or an empty name) removes a branding field; absent leaves it as it is.
const brandingField = <S extends z.ZodType>(schema: S) => schema.nullable().optional();

/** PATCH /settings, and the dashboard's Settings › Embed form. */
export const settingsPatchSchema = z.strictObject({
  embedOrigins: originList.optional(),
  returnUrlOrigins: originList.optional(),
  branding: z
    .strictObject({
      name: brandingField(z.string().trim().max(100)),
      accentColor: brandingField(z.string().regex(/^#[0-9a-fA-F]{6}$/, "Use a colour like #3355ff")),
      logoUrl: brandingField(z.url({ protocol: /^https$/, error: "Use an https URL" }).max(2048)),
    })
    .optional(),
  userTokenTtl: z.number().int().min(60).max(86_400).optional(),
});
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
