import { z } from "zod";
import { originSchema, settingsPatchSchema, type SettingsPatch } from "@/lib/tenants/settings-schema";

// Settings › Embed's form: the API's own schemas (lib/tenants/settings-schema.ts) behind the
// inputs a person types into: one origin per line, and blank branding fields.

const branding = settingsPatchSchema.shape.branding.unwrap().shape;

/** Lines of a textarea → the origin list, each line checked with the API's `originSchema`. */
const originLines = z.string().transform((text, ctx) => {
  const list = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  list.forEach((origin, i) => {
    const checked = originSchema.safeParse(origin);
    if (!checked.success)
      ctx.addIssue({ code: "custom", message: `Line ${i + 1}: ${checked.error.issues[0].message}` });
    else if (list.indexOf(origin) !== i) ctx.addIssue({ code: "custom", message: `Line ${i + 1}: listed twice` });
  });
  if (list.length > 50) ctx.addIssue({ code: "custom", message: "At most 50 origins" });
  return list;
});

/** A blank box clears the field (null), as PATCH /settings expects. */
const blankIsNull = (schema: z.ZodType<string | null | undefined, string | null | undefined>) =>
  z
    .string()
    .trim()
    .transform((v) => v || null)
    // The branding schemas take string | null | undefined; this side only ever gives string | null.
    .pipe(schema as z.ZodType<string | null | undefined, string | null>);

export const embedSettingsFormSchema = z.strictObject({
  embedOrigins: originLines,
  returnUrlOrigins: originLines,
  name: blankIsNull(branding.name),
  accentColor: blankIsNull(branding.accentColor),
  logoUrl: blankIsNull(branding.logoUrl),
});
export type EmbedSettingsValues = z.input<typeof embedSettingsFormSchema>;
export type EmbedSettingsOutput = z.output<typeof embedSettingsFormSchema>;

/** The form's values for stored settings. */
export function formValues(s: {
  embedOrigins: readonly string[];
  returnUrlOrigins: readonly string[];
  branding: { name?: string; accentColor?: string; logoUrl?: string };
}): EmbedSettingsValues {
  return {
    embedOrigins: s.embedOrigins.join("\n"),
    returnUrlOrigins: s.returnUrlOrigins.join("\n"),
    name: s.branding.name ?? "",
    accentColor: s.branding.accentColor ?? "",
    logoUrl: s.branding.logoUrl ?? "",
  };
}

/** The PATCH /settings body for the form's parsed values. */
export function toPatch(v: EmbedSettingsOutput): SettingsPatch {
  return {
    embedOrigins: v.embedOrigins,
    returnUrlOrigins: v.returnUrlOrigins,
    branding: { name: v.name ?? null, accentColor: v.accentColor ?? null, logoUrl: v.logoUrl ?? null },
  };
}

/** Which form field an API issue path (`embedOrigins.1`, `branding.logoUrl`) belongs to. */
export function fieldOfIssue(path: string): keyof EmbedSettingsValues | null {
  const [head, sub] = path.split(".");
  if (head === "embedOrigins" || head === "returnUrlOrigins") return head;
  if (head === "branding" && (sub === "name" || sub === "accentColor" || sub === "logoUrl")) return sub;
  return null;
}
