import type { ApplyConfig, ComponentField, SecretFields } from "@/lib/components/schema";
import { typeDef, type FieldSpec, type StaticType } from "@/lib/secrets/types";
import { API_KEY_DEFAULT_NAMES } from "@/lib/secrets/types/api-key";

/** One input of the credential form, with what the component changes about it. */
export type UiField = {
  name: string;
  label: string;
  kind: FieldSpec["kind"];
  required: boolean;
  initial: string;
  options?: Array<{ value: string; label: string }>;
  placeholder?: string;
  hint?: string;
  /** An emptied field is sent as "" instead of left out (a prefix cleared on purpose). */
  keepEmpty?: boolean;
};

/** What the form needs to know about the component; plain data, so a server page can pass it. */
export type FormComponent = {
  id: string;
  name: string;
  logo: string | null;
  hasDryRun: boolean;
  /** The provider's documentation: where to find the key ("Where do I find this?"). */
  docsUrl?: string;
  fields: ComponentField[];
  apply: ApplyConfig;
  /** Value fields that are secret for this component (Stripe's Basic username is its key). */
  secretFields?: SecretFields;
};

const WRITE_ONLY = "Write-only: stored encrypted and never shown again.";
const joinHints = (...parts: Array<string | undefined>) => parts.filter(Boolean).join(" ") || undefined;

/**
 * The type's value fields, relabelled and pre-filled from the component's `apply` rules.
 * `secretFields` (the component's, for this type) become write-only password inputs.
 */
export function valueFields(type: StaticType, apply: ApplyConfig, secretFields: readonly string[] = []): UiField[] {
  return typeDef(type)
    .fields.filter((f) => f.kind !== "headers")
    .map((f) => {
      const field: UiField = {
        name: f.name,
        label: f.label,
        kind: f.kind,
        required: f.required,
        initial: f.default === undefined ? "" : String(f.default),
        hint: f.help,
        options: f.choices?.map((c) => ({ value: c, label: c })),
      };
      if (f.kind === "select" && !f.required)
        field.options = [{ value: "", label: "Default" }, ...(field.options ?? [])];
      adjust(type, field, apply);
      if (secretFields.includes(f.name)) {
        field.kind = "secret";
        field.initial = "";
      }
      if (field.kind === "secret") field.hint = joinHints(field.hint, WRITE_ONLY);
      return field;
    });
}

function adjust(type: StaticType, field: UiField, apply: ApplyConfig) {
  // A native connector's provider defaults (catalogue `apply.<TYPE>.defaults`: TLS on, a fixed username).
  const defaults = (apply as Record<string, { defaults?: Record<string, string | number> } | undefined>)[type]
    ?.defaults;
  if (defaults && Object.hasOwn(defaults, field.name) && field.kind !== "secret") {
    field.initial = String(defaults[field.name]);
  }
  if (type === "API_KEY") {
    const a = apply.API_KEY;
    const location = a?.location ?? "header";
    const name = a ? { header: a.headerName, query: a.queryName, cookie: a.cookieName }[location] : undefined;
    if (field.name === "key" && a?.label) field.label = a.label;
    if (field.name === "location") field.options![0].label = `Default (${location})`;
    if (field.name === "headerName") {
      const { header, query } = API_KEY_DEFAULT_NAMES;
      field.placeholder = name ?? header;
      field.hint = `Leave empty for the default (${name ?? `${header} for a header, ${query} otherwise`}).`;
    }
    if (field.name === "prefix" && a?.prefix) {
      field.placeholder = a.prefix;
      field.hint = `Leave empty for the default ("${a.prefix}").`;
    }
  } else if (type === "BEARER") {
    const a = apply.BEARER;
    if (field.name === "token" && a?.label) field.label = a.label;
    if (field.name === "headerName" && a?.headerName) field.initial = a.headerName;
    if (field.name === "prefix") {
      if (a?.prefix !== undefined) field.initial = a.prefix;
      field.keepEmpty = true;
      field.hint = "Sent before the token. Clear it to send the token alone.";
    }
  } else if (type === "SIMPLE") {
    const a = apply.SIMPLE;
    if (field.name === "username") {
      if (a?.usernameLabel) field.label = a.usernameLabel;
      if (a?.usernameDefault) field.initial = a.usernameDefault;
    }
    if (field.name === "passphrase") {
      // The type takes an empty password (Stripe, Close) but not a missing one.
      field.keepEmpty = true;
      if (a?.passphraseLabel) field.label = a.passphraseLabel;
      // A catalogue constant (Freshdesk's "X"), said in words: secret inputs are never pre-filled.
      if (a?.passphraseDefault) field.hint = `This service expects "${a.passphraseDefault}" here.`;
    }
  }
}

/** Header names to offer as rows (catalogue `apply.HTTP_HEADERS.headerNames`), or one blank row. */
export function headerRowsFor(apply: ApplyConfig): Array<{ name: string; value: string }> {
  const names = apply.HTTP_HEADERS?.headerNames ?? [""];
  return names.map((name) => ({ name, value: "" }));
}

/** The component's non-secret connection inputs (stored in `config`). */
export function configFields(fields: readonly ComponentField[]): UiField[] {
  return fields.map((f) => ({
    name: f.name,
    label: f.label,
    kind: f.choices ? "select" : "text",
    required: f.required,
    initial: f.default ?? "",
    placeholder: f.placeholder,
    hint: f.help,
    options: f.choices
      ? [...(f.required || f.default !== undefined ? [] : [{ value: "", label: "—" }]), ...f.choices]
      : undefined,
  }));
}

/** Initial form values for `fields`. */
export function initialValues(fields: readonly UiField[]): Record<string, string> {
  return Object.fromEntries(fields.map((f) => [f.name, f.initial]));
}
