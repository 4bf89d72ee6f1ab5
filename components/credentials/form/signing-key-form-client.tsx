"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useId, useMemo, useState } from "react";
import { useForm, useWatch, type FieldErrors, type UseFormRegister } from "react-hook-form";
import type { z } from "zod";
import { apiRequest, ApiRequestError, applyApiError, type ApiRequester } from "@/components/forms/api-request";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { useHydrated } from "@/components/ui/use-hydrated";
import { RSA_MODULUS_LENGTHS } from "@/lib/secrets/types/rs256";
import type { SigningType } from "@/lib/secrets/types/signing";
import { DocsLink, docsLinkText } from "./docs-link";
import { initialValues, valueFields, type FormComponent } from "./field-specs";
import type { CredentialFormValues } from "./schema";
import { signingKeyFormSchema, type SigningKeyFormValues, type SigningMode } from "./signing-key-schema";
import { SubmitStatus, type Failure } from "./submit-status";
import { FormSection, UiFields } from "./ui-fields";

type Props = {
  type: SigningType;
  component: FormComponent;
  workspaces: Array<{ slug: string; name: string }>;
  defaultWorkspace: string;
  request?: ApiRequester;
  onCreated?: (secret: { id: string; name: string }) => void;
  onFailed?: (code: string) => void;
  fixedWorkspace?: boolean;
};

const TABS: Array<{ mode: SigningMode; label: string }> = [
  { mode: "generate", label: "Generate" },
  { mode: "import", label: "Import" },
];

/**
 * An HS256 or RS256 key: "Generate" has the server make it (the key never passes through
 * the browser), "Import" takes an existing one. Whether the private material may ever be
 * read back is chosen here, once.
 */
export function SigningKeyForm({
  type,
  component,
  workspaces,
  defaultWorkspace,
  request = apiRequest,
  onCreated,
  onFailed,
  fixedWorkspace = false,
}: Props) {
  const router = useRouter();
  const toast = useToast();
  const hydrated = useHydrated();
  const tabsId = useId();
  const [failure, setFailure] = useState<Failure | null>(null);
  const [saved, setSaved] = useState(false);
  const fields = useMemo(() => valueFields(type, component.apply), [type, component.apply]);
  const schema = useMemo(() => signingKeyFormSchema(type), [type]);
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    control,
    formState: { errors, isSubmitting },
  } = useForm<SigningKeyFormValues, unknown, z.output<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: {
      name: "",
      workspace: defaultWorkspace,
      mode: "generate",
      modulusLength: String(RSA_MODULUS_LENGTHS[0]),
      value: initialValues(fields),
      exportable: false,
      publishJwks: false,
    },
  });
  const mode = useWatch({ control, name: "mode" });
  const secretWord = type === "HS256" ? "secret" : "private key";

  const onSubmit = handleSubmit(async (body) => {
    setFailure(null);
    let created: { id: string } | null;
    try {
      created = await request<{ id: string }>("/api/v1/secrets", "POST", { ...body, type, componentId: component.id });
    } catch (err) {
      onFailed?.(err instanceof ApiRequestError ? err.code : "internal");
      const paths = ["name", ...(fixedWorkspace ? [] : ["workspace"]), ...fields.map((f) => `value.${f.name}`)];
      const leftover = applyApiError(err, setError, { fields: paths as never });
      if (leftover) setFailure({ title: "Could not save the key", message: leftover });
      return;
    }
    setSaved(true);
    if (onCreated) return onCreated({ id: created!.id, name: body.name });
    toast.success(mode === "generate" ? `Generated "${body.name}".` : `Imported "${body.name}".`);
    router.push(`/credentials/${created!.id}`);
  });

  // The import inputs are the shared value fields; their paths (`value.…`) are the same in both forms.
  const valueRegister = register as unknown as UseFormRegister<CredentialFormValues>;
  const valueErrors = errors as unknown as FieldErrors<CredentialFormValues>;

  return (
    <form
      method="post"
      onSubmit={onSubmit}
      noValidate
      aria-label={`New ${component.name} credential`}
      className="space-y-6"
    >
      <FormSection title="About this credential">
        <TextField
          label="Name"
          autoComplete="off"
          placeholder={`e.g. ${type === "RS256" ? "Token signing" : "Webhook signing"} key`}
          error={errors.name?.message}
          {...register("name")}
        />
        {fixedWorkspace ? null : (
          <SelectField
            label="Workspace"
            options={workspaces.map((w) => ({ value: w.slug, label: w.name }))}
            hint="The key is used only in this workspace."
            error={errors.workspace?.message}
            {...register("workspace")}
          />
        )}
      </FormSection>
      <FormSection
        title="Key"
        description={
          component.docsUrl ? <DocsLink href={component.docsUrl} text={docsLinkText(component.name)} /> : null
        }
      >
        <div role="tablist" aria-label="How to get the key" className="flex gap-2 sm:col-span-2">
          {TABS.map((t) => (
            <Button
              key={t.mode}
              role="tab"
              id={`${tabsId}-${t.mode}-tab`}
              aria-selected={mode === t.mode}
              aria-controls={`${tabsId}-${t.mode}`}
              variant={mode === t.mode ? "primary" : "secondary"}
              size="sm"
              onClick={() => setValue("mode", t.mode)}
            >
              {t.label}
            </Button>
          ))}
        </div>
        <div
          role="tabpanel"
          id={`${tabsId}-${mode}`}
          aria-labelledby={`${tabsId}-${mode}-tab`}
          className="grid gap-4 sm:col-span-2 sm:grid-cols-2"
        >
          {mode === "generate" ? (
            type === "RS256" ? (
              <SelectField
                label="Key size"
                options={RSA_MODULUS_LENGTHS.map((n) => ({ value: String(n), label: `${n} bits` }))}
                hint="The pair is generated on the server; the private key never passes through your browser."
                {...register("modulusLength")}
              />
            ) : (
              <p className="text-sm text-slate-600 sm:col-span-2">
                A random 256-bit secret is generated on the server; it never passes through your browser.
              </p>
            )
          ) : (
            <UiFields fields={fields} group="value" register={valueRegister} errors={valueErrors} />
          )}
        </div>
      </FormSection>
      <FormSection title="Access">
        <Checkbox
          label={`Allow reading the ${secretWord} back through the API (exportable)`}
          hint={`Decided now, for good. Without it, the ${secretWord} is only ever used inside the vault.`}
          {...register("exportable")}
        />
        {type === "RS256" ? (
          <Checkbox
            label="Publish the public keys at a JWKS URL"
            hint="Services that receive your tokens can then fetch the public keys without signing in."
            {...register("publishJwks")}
          />
        ) : null}
      </FormSection>
      <div className="flex flex-wrap items-start gap-4">
        <Button type="submit" disabled={isSubmitting || saved || !hydrated}>
          {mode === "generate" ? "Generate & save" : "Import & save"}
        </Button>
        <SubmitStatus
          pending={isSubmitting}
          pendingText={mode === "generate" ? "Generating the key…" : "Checking the key…"}
          failure={failure}
        />
      </div>
    </form>
  );
}

function Checkbox({
  label,
  hint,
  ...props
}: { label: string; hint: string } & ReturnType<UseFormRegister<SigningKeyFormValues>>) {
  const id = useId();
  return (
    <div className="sm:col-span-2">
      <label className="flex items-center gap-2 text-sm font-medium text-slate-700" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          className="size-4 rounded border-slate-300"
          aria-describedby={`${id}-hint`}
          {...props}
        />
        {label}
      </label>
      <p id={`${id}-hint`} className="mt-1 ml-6 text-xs text-slate-500">
        {hint}
      </p>
    </div>
  );
}
