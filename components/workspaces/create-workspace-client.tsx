"use client";

import { useId } from "react";
import type { z } from "zod";
import { apiRequest } from "@/components/forms/api-request";
import { useApiForm } from "@/components/forms/use-api-form";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { createWorkspaceSchema } from "@/lib/tenants/schemas";

type Values = z.input<typeof createWorkspaceSchema>;

const DEFAULTS: Values = { slug: "", name: "" };

export function CreateWorkspaceForm() {
  const titleId = useId();
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
    <Card aria-labelledby={titleId}>
      <CardHeader
        titleId={titleId}
        title="Create a workspace"
        description="An environment such as staging. Each credential belongs to exactly one workspace."
      />
      <CardBody>
        <form method="post" onSubmit={onSubmit} noValidate aria-labelledby={titleId} className="grid gap-4 sm:grid-cols-2">
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
          <div className="sm:col-span-2">
            <Button type="submit" disabled={isSubmitting || !hydrated}>
              {isSubmitting ? "Creating…" : "Create workspace"}
            </Button>
          </div>
        </form>
      </CardBody>
    </Card>
  );
}
