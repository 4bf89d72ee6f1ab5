"use client";

import { useId } from "react";
import {
  get,
  useFieldArray,
  useWatch,
  type Control,
  type FieldErrors,
  type FieldValues,
  type UseFormRegister,
} from "react-hook-form";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { headerKeys, type CredentialFormValues } from "./schema";

type Props<Out extends FieldValues> = {
  control: Control<CredentialFormValues, unknown, Out>;
  register: UseFormRegister<CredentialFormValues>;
  errors: FieldErrors<CredentialFormValues>;
  /** Masked hints of the stored values by header name, shown when replacing. */
  hints?: Record<string, string>;
};

const message = (e: unknown) => (e as { message?: string } | undefined)?.message;

/**
 * HTTP_HEADERS as an editable list of name/value rows. The API schema validates the
 * record the rows become; its errors are keyed by header name and shown on that row.
 */
export function HeadersField<Out extends FieldValues>({ control, register, errors, hints = {} }: Props<Out>) {
  const { fields, append, remove } = useFieldArray({ control, name: "headers" });
  const rows = useWatch({ control, name: "headers" }) ?? [];
  const keys = headerKeys(rows);
  const legendId = useId();
  const listError = message(get(errors, "value.headers"));

  return (
    <fieldset aria-labelledby={legendId} className="sm:col-span-2">
      <legend id={legendId} className="text-sm font-medium text-slate-700">
        Headers
      </legend>
      <p className="text-xs text-slate-500">Each header is sent as given. Values are write-only.</p>
      <ul className="mt-2 space-y-3">
        {fields.map((row, i) => {
          const rowError = keys[i]
            ? message((errors.value?.headers as Record<string, unknown> | undefined)?.[keys[i]])
            : undefined;
          const stored = hints[rows[i]?.name?.trim() ?? ""];
          // An empty value is the value's fault; anything else (bad or repeated name) the name's.
          const onValue = Boolean(rows[i]?.name?.trim()) && !rows[i]?.value;
          return (
            <li key={row.id} className="grid items-start gap-3 sm:grid-cols-[1fr_1fr_auto]">
              <TextField
                label={`Header name ${i + 1}`}
                autoComplete="off"
                spellCheck={false}
                error={onValue ? undefined : rowError}
                {...register(`headers.${i}.name`)}
              />
              <TextField
                label={`Header value ${i + 1}`}
                type="password"
                autoComplete="off"
                hint={stored ? `Currently ${stored}` : undefined}
                error={onValue ? rowError : undefined}
                {...register(`headers.${i}.value`)}
              />
              <Button
                variant="ghost"
                size="sm"
                className="mt-6"
                onClick={() => remove(i)}
                disabled={fields.length === 1}
              >
                Remove<span className="sr-only"> header {i + 1}</span>
              </Button>
            </li>
          );
        })}
      </ul>
      {listError ? <p className="mt-2 text-xs font-medium text-red-600">{listError}</p> : null}
      <Button
        variant="secondary"
        size="sm"
        className="mt-3"
        onClick={() => append({ name: "", value: "" })}
        disabled={fields.length >= 50}
      >
        Add header
      </Button>
    </fieldset>
  );
}
