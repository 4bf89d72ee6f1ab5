"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { apiRequest, applyApiError } from "@/components/forms/api-request";
import { Button } from "@/components/ui/button";
import { LinkButton } from "@/components/ui/link-button";
import { TextField } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { useHydrated } from "@/components/ui/use-hydrated";
import { isSigningType } from "@/lib/secrets/types/signing";
import { isStaticType } from "../labels";
import { replaceDefaults, replaceHeaderRows } from "./edit-defaults";
import { configFields, valueFields, type FormComponent } from "./field-specs";
import { HeadersField } from "./headers-field-client";
import { listLabels, movedRoutingFields } from "./routing-change";
import { editCredentialSchema, errorPaths, headerErrorMap, type CredentialFormValues } from "./schema";
import { DocsLink, docsLinkText } from "./docs-link";
import { cancelledNotice, SubmitStatus, verificationFailure, type Failure } from "./submit-status";
import { FormSection, UiFields, ValueFields } from "./ui-fields";
import { useCancellable } from "./use-cancellable";

type Props = {
  secret: { id: string; name: string; type: string; config: Record<string, string>; masked: Record<string, unknown> };
  component: FormComponent;
  /** Config fields that decide where the credential is sent (lib/components/routing.ts). */
  routingFields?: string[];
  /** Offer "Save without testing" (`verify: false`) when a change would be tested: admins and developers. */
  allowSkip?: boolean;
};

function connectionHint(fields: FormComponent["fields"], routing: readonly string[]): string {
  const where = listLabels(fields.filter((f) => routing.includes(f.name)));
  if (!where) return "Changing these re-tests the stored credential against them.";
  return `Changing ${where} means entering the credential again; other changes re-test the stored one.`;
}

const sameConfig = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

/**
 * Rename, change the connection settings, or replace the stored value. Secret inputs
 * start empty; a new value or new settings are re-verified by the server on save.
 */
export function EditCredentialForm({ secret, component, routingFields = [], allowSkip = false }: Props) {
  const router = useRouter();
  const toast = useToast();
  const hydrated = useHydrated();
  const [failure, setFailure] = useState<Failure | null>(null);
  const [saved, setSaved] = useState(false);
  const [skipping, setSkipping] = useState(false);
  const run = useCancellable();
  // A signing key is rotated on its page instead, so tokens signed with the old key keep verifying.
  const replaceable = isStaticType(secret.type) && secret.type !== "NO_AUTH" && !isSigningType(secret.type);
  const value = useMemo(
    () =>
      isStaticType(secret.type) ? valueFields(secret.type, component.apply, component.secretFields?.[secret.type]) : [],
    [secret.type, component.apply, component.secretFields],
  );
  const config = useMemo(() => configFields(component.fields), [component.fields]);
  const schema = useMemo(
    () => editCredentialSchema(secret.type, value, component.fields),
    [secret.type, value, component.fields],
  );
  const stored = useMemo(() => replaceDefaults(value, secret.masked), [value, secret.masked]);
  const storedHeaders = useMemo(() => replaceHeaderRows(secret.masked), [secret.masked]);
  const {
    register,
    control,
    handleSubmit,
    setError,
    getValues,
    setValue,
    formState: { errors, isSubmitting, dirtyFields },
  } = useForm<CredentialFormValues, unknown, z.output<typeof schema>>({
    resolver: zodResolver(schema, { error: headerErrorMap }),
    defaultValues: {
      name: secret.name,
      workspace: "",
      config: Object.fromEntries(config.map((f) => [f.name, secret.config[f.name] ?? ""])),
      value: stored.values,
      headers: storedHeaders.rows,
      replace: false,
    },
  });
  const replace = useWatch({ control, name: "replace" });
  // A new host, base URL or domain needs the credential entered again: the server never
  // sends the stored one anywhere it was not proved (it answers 400 otherwise).
  const watchedConfig = useWatch({ control, name: "config" });
  const moved = useMemo(
    () => movedRoutingFields(component.fields, routingFields, secret.config, watchedConfig ?? {}),
    [component.fields, routingFields, secret.config, watchedConfig],
  );
  const movedLabels = listLabels(moved);
  const decides = moved.length > 1 ? "decide" : "decides";
  useEffect(() => {
    if (moved.length > 0 && replaceable) setValue("replace", true);
  }, [moved.length, replaceable, setValue]);
  // A new value or new settings are proved by the dry run before they are stored.
  const checking = component.hasDryRun && (replace || Boolean(dirtyFields.config));

  // "Test & save" proves a new value or settings first; "Save without testing" stores them unverified.
  const submit = (skip: boolean) =>
    handleSubmit(async (out) => {
      setFailure(null);
      setSkipping(skip);
      const signal = run.start();
      try {
        await save(out, skip, signal);
      } finally {
        run.finish();
      }
    });

  async function save(out: z.output<typeof schema>, skip: boolean, signal: AbortSignal) {
    if (moved.length > 0 && !out.value) {
      return setFailure({
        title: "Enter the credential again",
        message: `${movedLabels} ${decides} where this credential is sent, so the stored one is not sent to the new address.`,
        detail: replaceable
          ? 'Tick "Replace the stored credential" and enter it.'
          : "Connect the account again with the new settings instead.",
      });
    }
    const patch = {
      name: out.name,
      ...(out.value ? { value: out.value } : {}),
      ...(config.length > 0 && !sameConfig(out.config, secret.config) ? { config: out.config } : {}),
      ...(skip ? { verify: false } : {}),
    };
    try {
      await apiRequest(`/api/v1/secrets/${secret.id}`, "PATCH", patch, { signal });
    } catch (err) {
      // Cancelled: the server changes nothing for an aborted request; the form keeps the edits.
      if (signal.aborted) return setFailure(cancelledNotice("update"));
      const verification = verificationFailure(err, "update");
      if (verification) return setFailure(verification);
      const leftover = applyApiError(err, setError, {
        fields: errorPaths({ base: ["name"], value, config, rows: getValues("headers") }),
      });
      if (leftover) setFailure({ title: "Could not save the changes", message: leftover });
      return;
    }
    setSaved(true);
    toast.success(skip ? `Saved changes to "${out.name}" without testing.` : `Saved changes to "${out.name}".`);
    router.push(`/credentials/${secret.id}`);
    router.refresh();
  }
  const testing = checking && !skipping;

  return (
    <form method="post" onSubmit={submit(false)} noValidate aria-label={`Edit ${secret.name}`} className="space-y-6">
      <FormSection level={2} title="About this credential">
        <TextField label="Name" autoComplete="off" error={errors.name?.message} {...register("name")} />
      </FormSection>
      {config.length > 0 ? (
        <FormSection level={2} title="Connection" description={connectionHint(component.fields, routingFields)}>
          <UiFields fields={config} group="config" register={register} errors={errors} />
        </FormSection>
      ) : null}
      {replaceable ? (
        <FormSection
          level={2}
          title="Credentials"
          description={
            <>
              {moved.length > 0
                ? `You changed ${movedLabels}, which ${decides} where this credential is sent: enter the credential again.`
                : "The stored value is never shown. Replace it as a whole."}
              {component.docsUrl ? (
                <>
                  {" "}
                  <DocsLink href={component.docsUrl} text={docsLinkText(component.name)} />
                </>
              ) : null}
            </>
          }
        >
          <label className="flex items-center gap-2 text-sm font-medium text-slate-700 sm:col-span-2">
            <input type="checkbox" className="size-4 rounded border-slate-300" {...register("replace")} />
            Replace the stored credential
          </label>
          {replace ? (
            secret.type === "HTTP_HEADERS" ? (
              <HeadersField control={control} register={register} errors={errors} hints={storedHeaders.hints} />
            ) : (
              <ValueFields fields={value} register={register} errors={errors} hints={stored.hints} />
            )
          ) : null}
        </FormSection>
      ) : null}
      {isSigningType(secret.type) ? (
        <FormSection
          level={2}
          title="Key"
          description="A signing key is not replaced here: rotate it on the credential's page, so tokens signed with the old key keep verifying meanwhile."
        >
          {null}
        </FormSection>
      ) : null}
      <div className="space-y-3">
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" disabled={isSubmitting || saved || !hydrated}>
            {component.hasDryRun ? "Test & save" : "Save"}
          </Button>
          {allowSkip && checking ? (
            <Button variant="secondary" disabled={isSubmitting || saved || !hydrated} onClick={submit(true)}>
              Save without testing
            </Button>
          ) : null}
          {/* Leaving mid-test aborts it, so nothing is changed behind the user's back. */}
          <LinkButton href={`/credentials/${secret.id}`} variant="secondary" onClick={run.cancel}>
            Cancel
          </LinkButton>
        </div>
        <SubmitStatus
          reserve
          pending={isSubmitting}
          pendingText={testing ? "Testing the connection, then saving…" : "Saving…"}
          failure={failure}
          startedAt={testing ? run.startedAt : null}
          onCancel={testing ? run.cancel : undefined}
        />
      </div>
    </form>
  );
}
