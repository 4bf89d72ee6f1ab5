import { useId, type ComponentProps, type ReactNode } from "react";
import { Input } from "./input";
import { Label } from "./label";
import { Select, type SelectOption } from "./select";

type FieldShell = { label: string; error?: string; hint?: ReactNode };

/** Label, control, hint and error, wired together with ids so screen readers read them all. */
function useFieldIds(id: string | undefined, error?: string, hint?: ReactNode) {
  const auto = useId();
  const controlId = id ?? auto;
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return { controlId, hintId, errorId, describedBy };
}

function FieldMessages({
  hint,
  hintId,
  error,
  errorId,
}: {
  hint?: ReactNode;
  hintId?: string;
  error?: string;
  errorId?: string;
}) {
  return (
    <>
      {hint && !error ? (
        <p id={hintId} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="mt-1 text-xs font-medium text-red-600">
          {error}
        </p>
      ) : null}
    </>
  );
}

/** A labelled text input for forms; spread react-hook-form's `register(...)` into it. */
export function TextField({ label, error, hint, id, ...props }: FieldShell & ComponentProps<"input">) {
  const ids = useFieldIds(id, error, hint);
  return (
    <div>
      <Label htmlFor={ids.controlId}>{label}</Label>
      <Input
        id={ids.controlId}
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        className="mt-1"
        {...props}
      />
      <FieldMessages hint={hint} hintId={ids.hintId} error={error} errorId={ids.errorId} />
    </div>
  );
}

/** A labelled select for forms. */
export function SelectField({
  label,
  error,
  hint,
  id,
  options,
  ...props
}: FieldShell & ComponentProps<"select"> & { options: readonly SelectOption[] }) {
  const ids = useFieldIds(id, error, hint);
  return (
    <div>
      <Label htmlFor={ids.controlId}>{label}</Label>
      <Select
        id={ids.controlId}
        options={options}
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        className="mt-1"
        {...props}
      />
      <FieldMessages hint={hint} hintId={ids.hintId} error={error} errorId={ids.errorId} />
    </div>
  );
}
