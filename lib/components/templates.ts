import { z } from "zod";

/*
 * `{{field}}` templates used by catalogue entries. Placeholders name fields of the
 * same component; credential values are never interpolated (see schema.ts).
 */

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

/** Names of the `{{placeholders}}` in a template, in order of appearance. */
export function placeholders(template: string): string[] {
  return Array.from(template.matchAll(PLACEHOLDER), (m) => m[1]);
}

/**
 * Replaces every `{{name}}` in `template` with `values[name]`. Throws when a value is
 * missing or empty, so a half-filled URL is never sent anywhere. Callers validate the
 * values against the field `pattern` first.
 */
export function fillTemplate(template: string, values: Readonly<Record<string, string | undefined>>): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = values[name];
    if (value === undefined || value === "") throw new Error(`Missing value for {{${name}}}`);
    return value;
  });
}

/**
 * An absolute https URL, optionally with placeholders. A template may instead start
 * with a placeholder (`{{baseUrl}}/v1`), in which case scheme and host come from that
 * field, whose `pattern` must pin the scheme (checked on the entry).
 */
export const urlTemplateSchema = z
  .string()
  .min(1)
  .max(2048)
  .superRefine((value, ctx) => {
    const bare = value.replace(PLACEHOLDER, "x");
    if (/[\s{}]/.test(bare)) {
      ctx.addIssue({ code: "custom", message: "URL template has whitespace or a malformed {{placeholder}}" });
      return;
    }
    if (value.startsWith("{{")) return;
    if (!value.startsWith("https://")) {
      ctx.addIssue({ code: "custom", message: "URL must use https:// or start with a {{field}} placeholder" });
      return;
    }
    try {
      new URL(bare);
    } catch {
      ctx.addIssue({ code: "custom", message: "Not a valid URL" });
    }
  });

type StringRecord = Record<string, string> | undefined;
type OAuthUrls = Partial<
  Record<"authorizationUrl" | "tokenUrl" | "refreshUrl" | "revocationUrl" | "userinfoUrl", string>
>;

/** The template-bearing parts of a catalogue entry (kept structural to avoid an import cycle). */
export type TemplateSource = {
  baseUrl?: string;
  dryRun?: { kind: "http"; url: string; headers?: StringRecord; body?: string } | { kind: "native" };
  oauth?: OAuthUrls & { authParams?: StringRecord; tokenParams?: StringRecord };
  requestDefaults?: { headers?: StringRecord; query?: StringRecord };
};

/** Every template string of an entry with its path, for placeholder checks. */
export function templatesOf(entry: TemplateSource): Array<{ path: PropertyKey[]; value: string; url: boolean }> {
  const out: Array<{ path: PropertyKey[]; value: string; url: boolean }> = [];
  const add = (path: PropertyKey[], value: string | undefined, url: boolean) => {
    if (value !== undefined) out.push({ path, value, url });
  };
  const addAll = (path: PropertyKey[], record: Record<string, string> | undefined) => {
    for (const [k, v] of Object.entries(record ?? {})) add([...path, k], v, false);
  };
  add(["baseUrl"], entry.baseUrl, true);
  if (entry.dryRun?.kind === "http") {
    add(["dryRun", "url"], entry.dryRun.url, true);
    addAll(["dryRun", "headers"], entry.dryRun.headers);
    add(["dryRun", "body"], entry.dryRun.body, false);
  }
  if (entry.oauth) {
    for (const key of ["authorizationUrl", "tokenUrl", "refreshUrl", "revocationUrl", "userinfoUrl"] as const) {
      add(["oauth", key], entry.oauth[key], true);
    }
    addAll(["oauth", "authParams"], entry.oauth.authParams);
    addAll(["oauth", "tokenParams"], entry.oauth.tokenParams);
  }
  addAll(["requestDefaults", "headers"], entry.requestDefaults?.headers);
  addAll(["requestDefaults", "query"], entry.requestDefaults?.query);
  return out;
}
