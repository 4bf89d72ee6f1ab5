import type { UiField } from "./field-specs";
import type { HeaderRow } from "./schema";

/**
 * Initial values for replacing a stored value. Non-secret fields start from the masked
 * view (it holds them as stored: host, username, header name…); secret fields, including
 * those the component marks secret (Stripe's Basic username), start empty and only say
 * what is stored now ("Currently ****abcd"), so a hint is never submitted as a value.
 */
export function replaceDefaults(fields: readonly UiField[], masked: Record<string, unknown>) {
  const values: Record<string, string> = {};
  const hints: Record<string, string | undefined> = {};
  for (const f of fields) {
    const stored = masked[f.name];
    if (f.kind === "secret") {
      values[f.name] = "";
      hints[f.name] = typeof stored === "string" ? `Currently ${stored}.` : undefined;
    } else {
      values[f.name] =
        typeof stored === "string" || typeof stored === "number"
          ? String(stored)
          : f.kind === "select"
            ? ""
            : f.initial;
    }
  }
  return { values, hints };
}

/** Header rows with the stored names and empty values, plus the masked hints by name. */
export function replaceHeaderRows(masked: Record<string, unknown>): {
  rows: HeaderRow[];
  hints: Record<string, string>;
} {
  const headers = (masked.headers && typeof masked.headers === "object" ? masked.headers : {}) as Record<
    string,
    unknown
  >;
  const names = Object.keys(headers);
  return {
    rows: names.length > 0 ? names.map((name) => ({ name, value: "" })) : [{ name: "", value: "" }],
    hints: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)])),
  };
}
