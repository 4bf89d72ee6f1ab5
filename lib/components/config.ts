import { z } from "zod";

import type { ComponentField } from "./schema";

/*
 * One set of rules for a component's `config`, used by the server (`resolveConfig`) and by
 * the dashboard form in the browser alike, so both say the same thing about the same input.
 * No server-only imports.
 */

/** One field's value: trimmed; empty counts as absent, so the default applies. */
function configValueSchema(field: ComponentField) {
  const pattern = field.pattern ? new RegExp(field.pattern, "u") : undefined;
  return z
    .string({ error: "Must be a string" })
    .optional()
    .transform((raw, ctx) => {
      const value = raw?.trim() ?? "";
      if (value === "") {
        if (field.required && field.default === undefined)
          ctx.addIssue({ code: "custom", message: `${field.label} is required` });
        return undefined;
      }
      if (field.choices && !field.choices.some((c) => c.value === value)) {
        ctx.addIssue({ code: "custom", message: `${field.label} must be one of the listed choices` });
      } else if (pattern && !pattern.test(value)) {
        ctx.addIssue({ code: "custom", message: `${field.label} has an invalid format` });
      }
      return value;
    });
}

/**
 * The schema of a component's `config`: required fields present (a default counts),
 * `choices` and `pattern` honoured, no unknown keys. The output is the config as given,
 * trimmed and without empty values; `resolveConfig` adds the defaults to it.
 */
export function componentConfigSchema(fields: readonly ComponentField[]) {
  const schema = z
    .object(Object.fromEntries(fields.map((f) => [f.name, configValueSchema(f)])))
    // One issue per unknown key, at its own path (`.strict()` would report them all at the root).
    .catchall(z.unknown().superRefine((_, ctx) => ctx.addIssue({ code: "custom", message: "Unknown field" })))
    .transform(
      (config) =>
        Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)) as Record<string, string>,
    );
  // Typed as what the form holds, strings by field name; at run time any input is checked.
  return schema as z.ZodType<Record<string, string>, Record<string, string>>;
}
