"use client";

import type { z } from "zod";
import { apiRequest } from "@/components/forms/api-request";
import { FormCard } from "@/components/forms/form-card-client";
import { useApiForm } from "@/components/forms/use-api-form";
import { TextField } from "@/components/ui/field";
import { createWorkspaceSchema } from "@/lib/tenants/schemas";

type Values = z.input<typeof createWorkspaceSchema>;

const DEFAULTS: Values = { slug: "", name: "" };

export function CreateWorkspaceForm() {
  const { form, onSubmit, hydrated } = useApiForm({
    schema: createWorkspaceSchema,
    defaultValues: DEFAULTS,
    fields: ["slug", "name"],
    conflictField: "slug",
    submit: async ({ slug, name }) => {
      await apiRequest("/api/v1/workspaces", "POST", name ? { slug, name } : { slug });
      return `Created the workspace "${slug}".`;
    },
  });
  const {
    register,
    formState: { errors, isSubmitting },
  } = form;

  return (
    <FormCard
      title="Create a workspace"
      description="An environment such as staging. Each credential belongs to exactly one workspace."
      onSubmit={onSubmit}
      hydrated={hydrated}
      submitting={isSubmitting}
      submitLabel="Create workspace"
      pendingLabel="Creating…"
    >
      <TextField
        label="Slug"
        placeholder="staging"
        autoComplete="off"
        hint="Lowercase letters, digits and dashes; used in the API."
        error={errors.slug?.message}
        {...register("slug")}
      />
      <TextField
        label="Display name (optional)"
        placeholder="Staging"
        autoComplete="off"
        error={errors.name?.message}
        // The schema wants a non-empty name or none at all: an empty box means none.
        {...register("name", { setValueAs: (v?: string) => v?.trim() || undefined })}
      />
    </FormCard>
  );
}
