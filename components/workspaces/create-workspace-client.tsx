"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useId } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { apiRequest, applyApiError } from "@/components/forms/api-request";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { useHydrated } from "@/components/ui/use-hydrated";
import { createWorkspaceSchema } from "@/lib/tenants/schemas";

type Values = z.input<typeof createWorkspaceSchema>;

export function CreateWorkspaceForm() {
  const router = useRouter();
  const toast = useToast();
  const titleId = useId();
  const hydrated = useHydrated();
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<Values, unknown, z.output<typeof createWorkspaceSchema>>({
    resolver: zodResolver(createWorkspaceSchema),
    defaultValues: { slug: "", name: "" },
  });

  const onSubmit = handleSubmit(async ({ slug, name }) => {
    try {
      await apiRequest("/api/v1/workspaces", "POST", name ? { slug, name } : { slug });
    } catch (err) {
      const leftover = applyApiError(err, setError, { fields: ["slug", "name"], conflictField: "slug" });
      if (leftover) toast.error(leftover);
      return;
    }
    toast.success(`Created the workspace "${slug}".`);
    reset();
    router.refresh();
  });

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
