"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, type Path, type Resolver } from "react-hook-form";
import { z } from "zod";
import { apiRequest, applyApiError } from "@/components/forms/api-request";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { useHydrated } from "@/components/ui/use-hydrated";
import { inputFieldsSchema, type SessionField } from "@/lib/oauth/session-recipe";
import { SubmitStatus, verificationFailure, type Failure } from "../form/submit-status";

type Values = { inputFields: Record<string, string> };

/**
 * Log in again with new input fields (a refused login expired the credential): the form is
 * generated from the recipe's fields, and `PATCH /secrets/{id}` runs the login before anything
 * is stored, keeping the credential's id. The inputs start empty: stored values never come back.
 */
export function LoginAgainForm({ secretId, fields }: { secretId: string; fields: SessionField[] }) {
  const router = useRouter();
  const toast = useToast();
  const hydrated = useHydrated();
  const [failure, setFailure] = useState<Failure | null>(null);
  const schema = z.object({ inputFields: inputFieldsSchema(fields) });
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<Values>({
    resolver: zodResolver(schema as never) as unknown as Resolver<Values>,
    defaultValues: { inputFields: {} },
  });

  const onSubmit = handleSubmit(async (form) => {
    setFailure(null);
    const inputFields = Object.fromEntries(Object.entries(form.inputFields).filter(([, v]) => v !== ""));
    try {
      await apiRequest(`/api/v1/secrets/${secretId}`, "PATCH", { value: { inputFields } });
      toast.success("Logged in again: a new token is stored.");
      router.refresh();
    } catch (err) {
      const verification = verificationFailure(err, "update");
      if (verification) return setFailure({ ...verification, title: "The login failed" });
      const leftover = applyApiError(
        err,
        (path, error, opts) => setError(String(path).replace(/^value\./, "") as Path<Values>, error, opts),
        { fields: fields.map((f) => `value.inputFields.${f.name}`) as Path<Values>[] },
      );
      if (leftover) setFailure({ title: "Could not log in", message: leftover });
    }
  });

  return (
    <form method="post" noValidate onSubmit={onSubmit} aria-label="Log in again" className="w-full space-y-3">
      <div className="grid gap-3 sm:grid-cols-2">
        {fields.map((f) => (
          <TextField
            key={f.name}
            label={f.required ? f.label : `${f.label} (optional)`}
            type={f.secret ? "password" : "text"}
            autoComplete={f.secret ? "new-password" : "off"}
            spellCheck={false}
            error={errors.inputFields?.[f.name]?.message}
            {...register(`inputFields.${f.name}`)}
          />
        ))}
      </div>
      <div className="flex flex-wrap items-start gap-4">
        <Button type="submit" disabled={!hydrated || isSubmitting}>
          Log in again
        </Button>
        <SubmitStatus pending={isSubmitting} pendingText="Logging in…" failure={failure} />
      </div>
    </form>
  );
}
