import type { Path } from "react-hook-form";
import { z } from "zod";
import { componentConfigSchema } from "@/lib/components/config";
import type { ComponentField } from "@/lib/components/schema";
import { secretNameSchema } from "@/lib/secrets/schemas";
import { typeDef } from "@/lib/secrets/types";
import type { StaticType } from "../labels";
import type { UiField } from "./field-specs";

export type HeaderRow = { name: string; value: string };

/** What the inputs hold. The schemas below turn it into the API body and validate that. */
const formShape = z.object({
  name: z.string(),
  workspace: z.string(),
  config: z.record(z.string(), z.string()),
  value: z.record(z.string(), z.string()),
  headers: z.array(z.object({ name: z.string(), value: z.string() })),
  replace: z.boolean(),
});
export type CredentialFormValues = z.input<typeof formShape>;

// Rows that cannot become a header get a key no header name can have (a leading space),
// so the API schema rejects them and `headerErrorMap` words the error for that row.
const EMPTY = " #";
const DUPLICATE = " dup ";

/** The key each row becomes in `value.headers`; "" for a blank row, which is skipped. */
export function headerKeys(rows: readonly HeaderRow[]): string[] {
  const seen = new Set<string>();
  return rows.map((r, i) => {
    const name = r.name.trim();
    if (!name) return r.value ? `${EMPTY}${i}` : "";
    if (seen.has(name.toLowerCase())) return `${DUPLICATE}${i}`;
    seen.add(name.toLowerCase());
    return name;
  });
}

/** Words for a bad header row; pass as zodResolver's `error` option. */
export const headerErrorMap: z.core.$ZodErrorMap = (iss) => {
  if (iss.code !== "invalid_key") return undefined;
  const key = String(iss.input);
  if (key.startsWith(EMPTY)) return "Enter a header name";
  if (key.startsWith(DUPLICATE)) return "This header is already in the list";
  return (iss.issues as Array<{ message?: string }> | undefined)?.at(-1)?.message ?? "Not a valid header name";
};

/** The value object the API expects, from the inputs: empty optional fields left out. */
function toValue(type: StaticType, fields: readonly UiField[], form: CredentialFormValues): unknown {
  if (type === "HTTP_HEADERS") {
    const keys = headerKeys(form.headers);
    return { headers: Object.fromEntries(form.headers.flatMap((r, i) => (keys[i] ? [[keys[i], r.value]] : []))) };
  }
  return Object.fromEntries(
    fields.flatMap((f) => {
      const v = form.value[f.name] ?? "";
      // Required ones stay as "" so the type schema says what is missing ("Key is required").
      return v === "" && !f.required && !f.keepEmpty ? [] : [[f.name, v]];
    }),
  );
}

/** The create form: the API's type schema validates `value`, exactly as POST /secrets does. */
export function createCredentialSchema(
  type: StaticType,
  fields: readonly UiField[],
  config: readonly ComponentField[],
) {
  return formShape
    .transform((form) => ({
      name: form.name,
      workspace: form.workspace,
      config: form.config,
      value: toValue(type, fields, form),
    }))
    .pipe(
      z.object({
        name: secretNameSchema,
        workspace: z.string().min(1, "Pick a workspace"),
        config: componentConfigSchema(config),
        value: typeDef(type).schema,
      }),
    );
}

/** The edit form: a new value only when "Replace" is ticked, validated whole as PATCH does. */
export function editCredentialSchema(type: string, fields: readonly UiField[], config: readonly ComponentField[]) {
  return formShape
    .transform((form): { name: string; config: Record<string, string>; value?: unknown } => ({
      name: form.name,
      config: form.config,
      ...(form.replace ? { value: toValue(type as StaticType, fields, form) } : {}),
    }))
    .pipe(
      z.object({
        name: secretNameSchema,
        config: componentConfigSchema(config),
        value: typeDef(type).schema.optional(),
      }),
    );
}

/**
 * Every form path an API issue may name ("value.key", "config.baseUrl", a header row…),
 * for `applyApiError`; issues on other paths become the form's message.
 */
export function errorPaths(opts: {
  base: string[];
  value: readonly UiField[];
  config: readonly UiField[];
  rows: readonly HeaderRow[];
}): Path<CredentialFormValues>[] {
  return [
    ...opts.base,
    "value",
    "value.headers",
    ...opts.value.map((f) => `value.${f.name}`),
    ...opts.config.map((f) => `config.${f.name}`),
    ...headerKeys(opts.rows)
      .filter(Boolean)
      .map((k) => `value.headers.${k}`),
  ] as Path<CredentialFormValues>[];
}
