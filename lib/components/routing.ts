import type { ComponentEntry } from "./schema";
import { templatesOf } from "./templates";

/*
 * "A credential is only sent where it was proved" (docs/architecture.md › Security model). The config
 * fields that decide *where* a credential goes are derived from the entry's own URL
 * templates, so a new catalogue entry is covered without a hand-kept list.
 */

const LEAD = /^\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/;
const ANY = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

/**
 * The placeholders of one URL template that can change its scheme, host or port:
 * - in a literal `https://…` template, those between `://` and the first literal `/`, `?`
 *   or `#` (`https://{{domain}}.okta.com/…` → domain);
 * - in a template that starts with a placeholder (`{{baseUrl}}/me`), that placeholder,
 *   and any placeholder glued right after it, unless the field's pattern makes it start
 *   with `/` (`{{baseUrl}}{{testPath}}` with testPath `^/…`: only baseUrl), because only
 *   such a pattern stops the value from continuing the host name.
 */
export function routingPlaceholders(
  template: string,
  patterns: ReadonlyMap<string, string | undefined> = new Map(),
): string[] {
  const out: string[] = [];
  if (LEAD.test(template)) {
    let rest = template;
    for (let m = LEAD.exec(rest); m; m = LEAD.exec(rest)) {
      if (out.length > 0 && patterns.get(m[1])?.startsWith("^/")) break;
      out.push(m[1]);
      rest = rest.slice(m[0].length);
    }
    return out;
  }
  const scheme = template.indexOf("://");
  if (scheme < 0) return out;
  // The authority ends at the first `/`, `?` or `#` outside a placeholder.
  const after = template.slice(scheme + 3);
  const bare = after.replace(ANY, (m) => "x".repeat(m.length));
  const end = bare.search(/[/?#]/);
  const authority = end < 0 ? after : after.slice(0, end);
  for (const m of authority.matchAll(ANY)) out.push(m[1]);
  return out;
}

/** Values that would put a request on someone else's server, whatever the template around them. */
const PROBE_HOSTS = [
  "evil.example",
  "evil.example:443",
  "user@evil.example",
  "https://evil.example",
  "http://evil.example",
] as const;

type HostField = { name: string; pattern?: string; choices?: readonly unknown[] };

/**
 * The placeholders of a URL template that let whoever fills them choose its server: routing
 * placeholders (above) whose field has no fixed `choices` and whose `pattern` (if any) accepts a
 * host of one's own (`https://{{domain}}/…` with any domain, `{{apiUrl}}/token`). A placeholder
 * a pattern confines (Shopify's `{{shop}}` in `{{shop}}.myshopify.com` takes no dot;
 * Salesforce's `{{loginHost}}` must end in `.salesforce.com`) or a list of choices is not free.
 */
export function freeHostPlaceholders(template: string, fields: readonly HostField[]): string[] {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const patterns = new Map(fields.map((f) => [f.name, f.pattern]));
  return routingPlaceholders(template, patterns).filter((name) => {
    const field = byName.get(name);
    if (field?.choices && field.choices.length > 0) return false;
    if (!field?.pattern) return true;
    const re = new RegExp(field.pattern);
    return PROBE_HOSTS.some((probe) => re.test(probe));
  });
}

/**
 * The config fields of `entry` that decide where its credential is sent: any field in the
 * scheme/authority part of one of its URL templates (base URL, dry run, OAuth endpoints).
 * Changing one of them needs the secret value entered again.
 */
export function routingFields(entry: Pick<ComponentEntry, "fields"> & Parameters<typeof templatesOf>[0]): string[] {
  const patterns = new Map(entry.fields.map((f) => [f.name, f.pattern]));
  const found = new Set<string>();
  for (const t of templatesOf(entry)) {
    if (!t.url) continue;
    for (const name of routingPlaceholders(t.value, patterns)) found.add(name);
  }
  return entry.fields.map((f) => f.name).filter((name) => found.has(name));
}

/** The routing fields whose value differs between two resolved configs. */
export function changedRoutingFields(
  entry: Parameters<typeof routingFields>[0],
  before: Readonly<Record<string, string>>,
  after: Readonly<Record<string, string>>,
): string[] {
  return routingFields(entry).filter((name) => (before[name] ?? "") !== (after[name] ?? ""));
}
