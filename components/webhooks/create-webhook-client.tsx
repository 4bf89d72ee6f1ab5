"use client";

import { useId, useState } from "react";
import type { z } from "zod";
import { apiRequest } from "@/components/forms/api-request";
import { FormCard } from "@/components/forms/form-card-client";
import { useApiForm } from "@/components/forms/use-api-form";
import { TextField } from "@/components/ui/field";
import { connectionEventLabels, connectionEventTypes } from "@/lib/events/types";
import { createWebhookSchema } from "@/lib/webhooks/schemas";
import { SigningSecretBox } from "./secret-box-client";

type Values = z.input<typeof createWebhookSchema>;
type Created = { id: string; url: string; secret: string };

const DEFAULTS: Values = { url: "", description: "", events: [...connectionEventTypes] };

/**
 * Adds an endpoint (URL, description, the events it wants: all by default) with the API's
 * own schema; the server checks the address. The signing secret from the answer is shown
 * once, above the form.
 */
export function CreateWebhookForm() {
  const [created, setCreated] = useState<Created | null>(null);
  const eventsId = useId();
  const { form, onSubmit, hydrated } = useApiForm({
    schema: createWebhookSchema,
    defaultValues: DEFAULTS,
    fields: ["url", "events", "description"],
    submit: async (values) => {
      setCreated(await apiRequest<Created>("/api/v1/webhooks", "POST", values));
      return "Added the endpoint.";
    },
  });
  const {
    register,
    formState: { errors, isSubmitting },
  } = form;

  return (
    <FormCard
      title="Add an endpoint"
      description="Your backend receives a signed POST for each event it chooses. HTTPS only; private addresses are refused."
      onSubmit={onSubmit}
      hydrated={hydrated}
      submitting={isSubmitting}
      submitLabel="Add endpoint"
      pendingLabel="Adding…"
      notice={
        created ? <SigningSecretBox url={created.url} secret={created.secret} onDone={() => setCreated(null)} /> : null
      }
    >
      <TextField
        label="Endpoint URL"
        type="url"
        placeholder="https://api.example.com/webhooks/integration-center"
        autoComplete="off"
        error={errors.url?.message}
        {...register("url")}
      />
      <TextField
        label="Description"
        placeholder="e.g. CRM sync"
        autoComplete="off"
        error={errors.description?.message}
        {...register("description")}
      />
      <fieldset className="sm:col-span-2" aria-describedby={errors.events ? `${eventsId}-error` : undefined}>
        <legend className="text-sm font-medium text-slate-900">Events</legend>
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          {connectionEventTypes.map((type) => (
            <label key={type} className="flex items-start gap-2 text-sm text-slate-700">
              <input type="checkbox" value={type} className="mt-0.5" {...register("events")} />
              <span>
                <code className="text-xs font-medium text-slate-900">{type}</code>
                <span className="block text-xs text-slate-500">{connectionEventLabels[type]}</span>
              </span>
            </label>
          ))}
        </div>
        {errors.events ? (
          <p id={`${eventsId}-error`} className="mt-1 text-xs font-medium text-red-600">
            {errors.events.message}
          </p>
        ) : null}
      </fieldset>
    </FormCard>
  );
}
