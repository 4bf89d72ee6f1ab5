"use client";

import type { z } from "zod";
import { apiRequest } from "@/components/forms/api-request";
import { FormCard } from "@/components/forms/form-card-client";
import { useApiForm } from "@/components/forms/use-api-form";
import { TextField } from "@/components/ui/field";
import { changePasswordSchema } from "@/lib/tenants/schemas";

const DEFAULTS: z.input<typeof changePasswordSchema> = { currentPassword: "", newPassword: "" };

/** Changes the signed-in member's password; the API checks the current one. */
export function ChangePasswordForm() {
  const { form, onSubmit, hydrated } = useApiForm({
    schema: changePasswordSchema,
    defaultValues: DEFAULTS,
    fields: ["currentPassword", "newPassword"],
    submit: async (values) => {
      await apiRequest("/api/v1/account/password", "POST", values);
      return "Your password was changed.";
    },
  });
  const {
    register,
    formState: { errors, isSubmitting },
  } = form;

  return (
    <FormCard
      title="Change your password"
      description="Use at least 12 characters."
      onSubmit={onSubmit}
      hydrated={hydrated}
      submitting={isSubmitting}
      submitLabel="Change password"
      pendingLabel="Saving…"
    >
      <TextField
        label="Current password"
        type="password"
        autoComplete="current-password"
        error={errors.currentPassword?.message}
        {...register("currentPassword")}
      />
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        error={errors.newPassword?.message}
        {...register("newPassword")}
      />
    </FormCard>
  );
}
