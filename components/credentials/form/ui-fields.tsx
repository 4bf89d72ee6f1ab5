import { useId, type ReactNode } from "react";
import { get, type FieldErrors, type UseFormRegister } from "react-hook-form";
import { SelectField, TextField } from "@/components/ui/field";
import { controlClass } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { UiField } from "./field-specs";
import type { CredentialFormValues } from "./schema";

type Props = {
  fields: readonly UiField[];
  group: "value" | "config";
  register: UseFormRegister<CredentialFormValues>;
  errors: FieldErrors<CredentialFormValues>;
  /** Extra hint per field, e.g. the masked value currently stored. */
  hints?: Record<string, string | undefined>;
};

const optional = (f: UiField) => (f.required ? f.label : `${f.label} (optional)`);

/** Inputs for value or config fields. Secret ones are write-only password inputs, never pre-filled. */
export function UiFields({ fields, group, register, errors, hints = {} }: Props) {
  return (
    <>
      {fields.map((f) => {
        const path = `${group}.${f.name}` as const;
        const error = (get(errors, path) as { message?: string } | undefined)?.message;
        const hint = [f.hint, hints[f.name]].filter(Boolean).join(" ") || undefined;
        if (f.kind === "select") {
          return (
            <SelectField
              key={path}
              label={optional(f)}
              options={f.options ?? []}
              hint={hint}
              error={error}
              {...register(path)}
            />
          );
        }
        if (f.kind === "textarea") {
          return <TextArea key={path} field={f} hint={hint} error={error} {...register(path)} />;
        }
        return (
          <TextField
            key={path}
            label={optional(f)}
            type={f.kind === "secret" ? "password" : f.kind === "number" ? "number" : "text"}
            inputMode={f.kind === "number" ? "numeric" : undefined}
            autoComplete="off"
            spellCheck={false}
            placeholder={f.placeholder}
            hint={hint}
            error={error}
            {...register(path)}
          />
        );
      })}
    </>
  );
}

function TextArea({
  field,
  hint,
  error,
  ...props
}: { field: UiField; hint?: string; error?: string } & ReturnType<UseFormRegister<CredentialFormValues>>) {
  const id = useId();
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className="sm:col-span-2">
      <Label htmlFor={id}>{optional(field)}</Label>
      <textarea
        id={id}
        rows={4}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={`${controlClass} mt-1 font-mono`}
        {...props}
      />
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-xs font-medium text-red-600">
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

// How a key or token is sent: the defaults fit almost every service, so they wait under "Advanced".
const ADVANCED = new Set(["headerName", "location", "prefix"]);

/**
 * The value fields of a credential, with where and how it is sent (header name, location,
 * prefix) under a collapsed "Advanced" disclosure. It opens by itself when one of those
 * fields has an error, so the message is never hidden.
 */
export function ValueFields({
  fields,
  register,
  errors,
  hints,
  advancedLabel = "Advanced",
}: Omit<Props, "group"> & { advancedLabel?: string }) {
  const main = fields.filter((f) => !ADVANCED.has(f.name));
  const advanced = fields.filter((f) => ADVANCED.has(f.name));
  const failing = advanced.some((f) => get(errors, `value.${f.name}`));
  return (
    <>
      <UiFields fields={main} group="value" register={register} errors={errors} hints={hints} />
      {advanced.length > 0 ? (
        <details open={failing || undefined} className="group rounded-md ring-1 ring-slate-200 sm:col-span-2">
          <summary className="cursor-pointer rounded-md px-3 py-2 text-sm font-medium text-slate-700 select-none hover:bg-slate-50">
            <span>{advancedLabel}</span>
            <span className="ml-2 font-normal text-slate-500">
              {advanced.map((f) => f.label.toLowerCase()).join(", ")}
            </span>
          </summary>
          <div className="grid gap-4 border-t border-slate-200 p-3 sm:grid-cols-2">
            <UiFields fields={advanced} group="value" register={register} errors={errors} hints={hints} />
          </div>
        </details>
      ) : null}
    </>
  );
}

/** A titled group of inputs: a fieldset whose legend is a real heading. */
export function FormSection({
  title,
  description,
  level = 3,
  children,
}: {
  title: string;
  description?: ReactNode;
  level?: 2 | 3;
  children: ReactNode;
}) {
  const id = useId();
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <fieldset aria-labelledby={id} className="rounded-lg bg-white px-5 py-4 shadow-sm ring-1 ring-slate-200">
      <Heading id={id} className="text-sm font-semibold text-slate-900">
        {title}
      </Heading>
      {description ? <p className="mt-1 text-sm text-slate-600">{description}</p> : null}
      <div className="mt-4 grid gap-4 sm:grid-cols-2">{children}</div>
    </fieldset>
  );
}
