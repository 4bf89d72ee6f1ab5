"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useId, type ComponentProps } from "react";
import { useForm, useWatch } from "react-hook-form";
import { apiRequest, ApiRequestError } from "@/components/forms/api-request";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { controlClass } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useToast } from "@/components/ui/toast";
import { useHydrated } from "@/components/ui/use-hydrated";
import {
  embedSettingsFormSchema,
  fieldOfIssue,
  toPatch,
  type EmbedSettingsOutput,
  type EmbedSettingsValues,
} from "./form-schema";

/** A labelled textarea with its hint and error wired up for screen readers, like TextField. */
function TextAreaField({
  label,
  hint,
  error,
  ...props
}: { label: string; hint: string; error?: string } & ComponentProps<"textarea">) {
  const id = useId();
  return (
    <div>
      <Label htmlFor={id}>{label}</Label>
      <textarea
        id={id}
        rows={4}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-${error ? "error" : "hint"}`}
        className={`${controlClass} mt-1 font-mono`}
        {...props}
      />
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-xs font-medium text-red-600">
          {error}
        </p>
      ) : (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      )}
    </div>
  );
}

/**
 * Settings › Embed: who may frame /embed, where OAuth may return to, and the branding the
 * embed shows. One PATCH /api/v1/settings with the API's own schemas; errors land under
 * their inputs, and the saved values stay in the form.
 */
export function EmbedSettingsForm({ initial }: { initial: EmbedSettingsValues }) {
  const router = useRouter();
  const toast = useToast();
  const hydrated = useHydrated();
  const titleId = useId();
  const form = useForm<EmbedSettingsValues, unknown, EmbedSettingsOutput>({
    resolver: zodResolver(embedSettingsFormSchema),
    defaultValues: initial,
  });
  const {
    register,
    control,
    formState: { errors, isSubmitting },
  } = form;
  const accent = useWatch({ control, name: "accentColor" });

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await apiRequest("/api/v1/settings", "PATCH", toPatch(values));
    } catch (err) {
      const issues = err instanceof ApiRequestError ? err.issues : [];
      let placed = false;
      for (const issue of issues) {
        const field = fieldOfIssue(issue.path);
        if (!field) continue;
        form.setError(field, { type: "server", message: issue.message }, { shouldFocus: true });
        placed = true;
      }
      if (!placed) toast.error(err instanceof Error ? err.message : "Something went wrong. Try again.");
      return;
    }
    toast.success("Saved the embed settings.");
    // What was saved is now the baseline: the form keeps it, normalised (trimmed, blank lines gone).
    form.reset({
      ...form.getValues(),
      embedOrigins: values.embedOrigins.join("\n"),
      returnUrlOrigins: values.returnUrlOrigins.join("\n"),
    });
    router.refresh();
  });

  return (
    <Card aria-labelledby={titleId}>
      <CardHeader
        titleId={titleId}
        title="Embedding"
        description="Where your product may show the Integration Center, and how it looks there."
      />
      <CardBody>
        <form method="post" onSubmit={onSubmit} noValidate aria-labelledby={titleId} className="space-y-5">
          <TextAreaField
            label="Allowed embed origins"
            placeholder="https://app.example.com"
            hint="One exact origin per line: scheme, host and port (if not the default), with no path, trailing slash or wildcard. Only these pages may frame /embed."
            error={errors.embedOrigins?.message}
            {...register("embedOrigins")}
          />
          <TextAreaField
            label="Allowed return-URL origins"
            placeholder="https://app.example.com"
            hint="One exact origin per line. OAuth's successUrl and the embed's returnTo must be on one of them."
            error={errors.returnUrlOrigins?.message}
            {...register("returnUrlOrigins")}
          />
          <fieldset className="space-y-4">
            <legend className="text-sm font-semibold text-slate-900">Branding in the embed</legend>
            <div className="grid gap-4 md:grid-cols-2">
              <TextField
                label="Product name"
                placeholder="Acme"
                autoComplete="off"
                error={errors.name?.message}
                {...register("name")}
              />
              <div className="flex items-end gap-3">
                <div className="flex-1">
                  <TextField
                    label="Accent colour"
                    placeholder="#3355ff"
                    autoComplete="off"
                    hint="Six-digit hex, like #3355ff."
                    error={errors.accentColor?.message}
                    {...register("accentColor")}
                  />
                </div>
                <span
                  aria-hidden="true"
                  className="mb-6 size-9 shrink-0 rounded-md ring-1 ring-slate-300"
                  style={{ background: /^#[0-9a-fA-F]{6}$/.test(accent ?? "") ? accent : "transparent" }}
                />
              </div>
              <div className="md:col-span-2">
                <TextField
                  label="Logo URL"
                  placeholder="https://cdn.example.com/logo.svg"
                  autoComplete="off"
                  hint="An https URL. Leave blank for no logo."
                  error={errors.logoUrl?.message}
                  {...register("logoUrl")}
                />
              </div>
            </div>
          </fieldset>
          <Button type="submit" disabled={isSubmitting || !hydrated}>
            {isSubmitting ? "Saving…" : "Save embed settings"}
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}
