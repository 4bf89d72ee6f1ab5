"use client";

import type { z } from "zod";
import { apiRequest } from "@/components/forms/api-request";
import { FormCard } from "@/components/forms/form-card-client";
import { useApiForm } from "@/components/forms/use-api-form";
import { SelectField, TextField } from "@/components/ui/field";
import { addMemberSchema } from "@/lib/tenants/schemas";
import { roleHelp, roleOptions } from "./roles";

type Values = z.input<typeof addMemberSchema>;
const FIELDS = ["email", "name", "role", "password"] as const;

const DEFAULTS: Values = { email: "", name: "", role: "viewer", password: "" };

export function AddMemberForm() {
  const { form, onSubmit, hydrated } = useApiForm({
    schema: addMemberSchema,
    defaultValues: DEFAULTS,
    fields: FIELDS,
    conflictField: "email",
    submit: async ({ name, ...rest }) => {
      await apiRequest("/api/v1/members", "POST", name ? { ...rest, name } : rest);
      return `Added ${rest.email} as ${rest.role}.`;
    },
  });
  const {
    register,
    formState: { errors, isSubmitting },
  } = form;

  return (
    <FormCard
      title="Add a member"
      description="Share the initial password with them privately; they sign in with it at once."
      onSubmit={onSubmit}
      hydrated={hydrated}
      submitting={isSubmitting}
      submitLabel="Add member"
      pendingLabel="Adding…"
    >
      <TextField label="Email" type="email" autoComplete="off" error={errors.email?.message} {...register("email")} />
      <TextField label="Name (optional)" autoComplete="off" error={errors.name?.message} {...register("name")} />
      <SelectField
        label="Role"
        options={roleOptions}
        defaultValue="viewer"
        hint={roleHelp}
        error={errors.role?.message}
        {...register("role")}
      />
      <TextField
        label="Initial password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters."
        error={errors.password?.message}
        {...register("password")}
      />
    </FormCard>
  );
}
