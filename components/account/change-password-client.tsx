"use client";

import { useId } from "react";
import type { z } from "zod";
import { apiRequest } from "@/components/forms/api-request";
import { useApiForm } from "@/components/forms/use-api-form";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { changePasswordSchema } from "@/lib/tenants/schemas";

const DEFAULTS: z.input<typeof changePasswordSchema> = { currentPassword: "", newPassword: "" };

/** Changes the signed-in member's password; the API checks the current one. */
export function ChangePasswordForm() {
  const titleId = useId();
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
    <Card aria-labelledby={titleId}>
      <CardHeader titleId={titleId} title="Change your password" description="Use at least 12 characters." />
      <CardBody>
        <form method="post" onSubmit={onSubmit} noValidate aria-labelledby={titleId} className="grid gap-4 sm:grid-cols-2">
          <TextField label="Current password" type="password" autoComplete="current-password" error={errors.currentPassword?.message} {...register("currentPassword")} />
          <TextField label="New password" type="password" autoComplete="new-password" error={errors.newPassword?.message} {...register("newPassword")} />
          <div className="sm:col-span-2">
            <Button type="submit" disabled={isSubmitting || !hydrated}>
              {isSubmitting ? "Saving…" : "Change password"}
            </Button>
          </div>
        </form>
      </CardBody>
    </Card>
  );
}
