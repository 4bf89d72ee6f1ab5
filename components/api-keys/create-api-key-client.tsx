"use client";

import { useState } from "react";
import type { z } from "zod";
import { apiRequest } from "@/components/forms/api-request";
import { FormCard } from "@/components/forms/form-card-client";
import { useApiForm } from "@/components/forms/use-api-form";
import { TextField } from "@/components/ui/field";
import { createApiKeySchema } from "@/lib/tenants/schemas";
import { NewKeyBox } from "./new-key-box-client";

type Values = z.input<typeof createApiKeySchema>;
type CreatedKey = { id: string; name: string; prefix: string; key: string };

const DEFAULTS: Values = { name: "" };

/**
 * Creates a key and shows its plaintext once. The plaintext lives only in this
 * component's state: it is not in any server-rendered HTML, so a reload forgets it.
 */
export function CreateApiKeyForm() {
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const { form, onSubmit, hydrated } = useApiForm({
    schema: createApiKeySchema,
    defaultValues: DEFAULTS,
    fields: ["name"],
    submit: async (values) => {
      setCreated(await apiRequest<CreatedKey>("/api/v1/api-keys", "POST", values));
      return `Created the key "${values.name}".`;
    },
  });
  const {
    register,
    formState: { errors, isSubmitting },
  } = form;

  return (
    <FormCard
      title="Create an API key"
      description="Your backend sends it as Authorization: Bearer ick_… to call the API for this organisation."
      onSubmit={onSubmit}
      hydrated={hydrated}
      submitting={isSubmitting}
      submitLabel="Create key"
      pendingLabel="Creating…"
      layout="inline"
      notice={created ? <NewKeyBox name={created.name} secret={created.key} onDone={() => setCreated(null)} /> : null}
    >
      <TextField
        label="Key name"
        placeholder="e.g. Production backend"
        autoComplete="off"
        error={errors.name?.message}
        {...register("name")}
      />
    </FormCard>
  );
}
