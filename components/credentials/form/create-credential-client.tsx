"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { apiRequest, ApiRequestError, applyApiError, type ApiRequester } from "@/components/forms/api-request";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { StaticType } from "../labels";
import { configFields, headerRowsFor, initialValues, valueFields, type FormComponent } from "./field-specs";
import { HeadersField } from "./headers-field-client";
import { createCredentialSchema, errorPaths, headerErrorMap, type CredentialFormValues } from "./schema";
import { DocsLink, docsLinkText } from "./docs-link";
import {
  BLOCKED_EXPLANATION,
  cancelledNotice,
  isBlocked,
  SubmitStatus,
  verificationFailure,
  type Failure,
} from "./submit-status";
import { FormSection, UiFields, ValueFields } from "./ui-fields";
import { useCancellable } from "./use-cancellable";
import { SigningKeyForm } from "./signing-key-form-client";
import { isSigningType } from "@/lib/secrets/types/signing";

/** The form's own words; the embed passes its translated ones (app/embed/messages.ts). */
export type CreateFormText = {
  formLabel: (app: string) => string;
  aboutSection: string;
  name: string;
  namePlaceholder: (app: string) => string;
  connectionSection: string;
  credentialsSection: string;
  testAndSave: string;
  save: string;
  testing: string;
  saving: string;
  saveFailed: string;
  testFailed: string;
  nothingSaved: string;
  /** Under a blocked address: what is refused, and who can allow it (the embed: whom to ask). */
  blocked: string;
  saveWithoutTesting: string;
  cancelTest: string;
  advanced: string;
  docsLink: (app: string) => string;
};

const DEFAULT_TEXT: CreateFormText = {
  formLabel: (app) => `New ${app} credential`,
  aboutSection: "About this credential",
  name: "Name",
  namePlaceholder: (app) => `e.g. ${app} production`,
  connectionSection: "Connection",
  credentialsSection: "Credentials",
  testAndSave: "Test & save",
  save: "Save",
  testing: "Testing the connection…",
  saving: "Saving…",
  saveFailed: "Could not save the credential",
  testFailed: "The connection test failed",
  nothingSaved: "Nothing was saved. Check the details above and try again.",
  blocked: `${BLOCKED_EXPLANATION} Nothing was saved.`,
  saveWithoutTesting: "Save without testing",
  cancelTest: "Cancel test",
  advanced: "Advanced",
  docsLink: (app) => docsLinkText(app),
};

type Props = {
  type: StaticType;
  component: FormComponent;
  workspaces: Array<{ slug: string; name: string }>;
  defaultWorkspace: string;
  /** How the form reaches the API; by default the dashboard's cookie session. */
  request?: ApiRequester;
  /** Instead of the toast and the credential's page: hands the stored credential over (the embed). */
  onCreated?: (secret: { id: string; name: string }) => void;
  /** Told the error code when nothing was stored (the embed reports `connection.failed`). */
  onFailed?: (code: string) => void;
  /** No workspace choice: the credential goes to `defaultWorkspace` (a connect session's). */
  fixedWorkspace?: boolean;
  /** Offer "Save without testing" (`verify: false`): dashboard admins and developers, never a connect session. */
  allowSkip?: boolean;
  text?: Partial<CreateFormText>;
};

/** Step 3: the form for one credential type; signing keys have their own (Generate and Import tabs). */
export function CreateCredentialForm(props: Props) {
  const { type } = props;
  return isSigningType(type) ? <SigningKeyForm {...props} type={type} /> : <StaticCredentialForm {...props} />;
}

/** The form for a credential of another service; "Test & save" runs the dry run server-side, then stores. */
function StaticCredentialForm({
  type,
  component,
  workspaces,
  defaultWorkspace,
  request = apiRequest,
  onCreated,
  onFailed,
  fixedWorkspace = false,
  allowSkip = false,
  text: overrides,
}: Props) {
  const text = { ...DEFAULT_TEXT, ...overrides };
  const router = useRouter();
  const toast = useToast();
  const hydrated = useHydrated();
  const [failure, setFailure] = useState<Failure | null>(null);
  // Stays true while the detail page loads, so a second click cannot store a duplicate.
  const [saved, setSaved] = useState(false);
  const [skipping, setSkipping] = useState(false);
  const run = useCancellable();
  const value = useMemo(
    () => valueFields(type, component.apply, component.secretFields?.[type]),
    [type, component.apply, component.secretFields],
  );
  const config = useMemo(() => configFields(component.fields), [component.fields]);
  const schema = useMemo(() => createCredentialSchema(type, value, component.fields), [type, value, component.fields]);
  const {
    register,
    control,
    handleSubmit,
    setError,
    getValues,
    formState: { errors, isSubmitting },
  } = useForm<CredentialFormValues, unknown, z.output<typeof schema>>({
    resolver: zodResolver(schema, { error: headerErrorMap }),
    defaultValues: {
      name: "",
      workspace: defaultWorkspace,
      config: initialValues(config),
      value: initialValues(value),
      headers: headerRowsFor(component.apply),
      replace: true,
    },
  });

  // "Test & save" runs the dry run; "Save without testing" stores it unverified (verify: false).
  const submit = (skip: boolean) =>
    handleSubmit(async (body) => {
      setFailure(null);
      setSkipping(skip);
      const signal = run.start();
      try {
        await store(body, skip, signal);
      } finally {
        run.finish();
      }
    });

  async function store(body: z.output<typeof schema>, skip: boolean, signal: AbortSignal) {
    let created: { id: string } | null;
    try {
      created = await request<{ id: string }>(
        "/api/v1/secrets",
        "POST",
        { ...body, type, componentId: component.id, ...(skip ? { verify: false } : {}) },
        { signal },
      );
    } catch (err) {
      // Cancelled: the server stores nothing for an aborted request, and the form keeps what was typed.
      if (signal.aborted) return setFailure(cancelledNotice("create"));
      onFailed?.(err instanceof ApiRequestError ? err.code : "internal");
      const verification = verificationFailure(err, "create");
      if (verification) {
        // A blocked address keeps its explanation (what is refused, and OUTBOUND_ALLOW_HOSTS).
        const detail = isBlocked(err) ? text.blocked : text.nothingSaved;
        return setFailure({ ...verification, title: text.testFailed, detail });
      }
      const paths = errorPaths({
        // A fixed workspace has no input to show its error under: it stays in the failure box.
        base: fixedWorkspace ? ["name"] : ["name", "workspace"],
        value,
        config,
        rows: getValues("headers"),
      });
      const leftover = applyApiError(err, setError, { fields: paths });
      if (leftover) setFailure({ title: text.saveFailed, message: leftover });
      return;
    }
    if (onCreated) {
      // The caller shows the outcome; the form is left as it is (the caller unmounts it).
      setSaved(true);
      onCreated({ id: created!.id, name: body.name });
      return;
    }
    setSaved(true);
    toast.success(
      skip
        ? `Saved "${body.name}" without testing. It shows as Unverified until it is tested.`
        : component.hasDryRun
          ? `Saved "${body.name}". The connection test passed.`
          : `Saved "${body.name}".`,
    );
    router.push(`/credentials/${created!.id}`);
  }
  const testing = component.hasDryRun && !skipping;

  return (
    <form
      method="post"
      onSubmit={submit(false)}
      noValidate
      aria-label={text.formLabel(component.name)}
      className="space-y-6"
    >
      <FormSection title={text.aboutSection}>
        <TextField
          label={text.name}
          autoComplete="off"
          placeholder={text.namePlaceholder(component.name)}
          error={errors.name?.message}
          {...register("name")}
        />
        {fixedWorkspace ? null : (
          <SelectField
            label="Workspace"
            options={workspaces.map((w) => ({ value: w.slug, label: w.name }))}
            hint="The credential is used only in this workspace."
            error={errors.workspace?.message}
            {...register("workspace")}
          />
        )}
      </FormSection>
      {config.length > 0 ? (
        <FormSection title={text.connectionSection}>
          <UiFields fields={config} group="config" register={register} errors={errors} />
        </FormSection>
      ) : null}
      {type === "NO_AUTH" ? null : (
        <FormSection
          title={text.credentialsSection}
          description={
            component.docsUrl ? <DocsLink href={component.docsUrl} text={text.docsLink(component.name)} /> : null
          }
        >
          {type === "HTTP_HEADERS" ? (
            <HeadersField control={control} register={register} errors={errors} />
          ) : (
            <ValueFields fields={value} register={register} errors={errors} advancedLabel={text.advanced} />
          )}
        </FormSection>
      )}
      <div className="space-y-3">
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" disabled={isSubmitting || saved || !hydrated}>
            {component.hasDryRun ? text.testAndSave : text.save}
          </Button>
          {allowSkip && component.hasDryRun ? (
            <Button variant="secondary" disabled={isSubmitting || saved || !hydrated} onClick={submit(true)}>
              {text.saveWithoutTesting}
            </Button>
          ) : null}
        </div>
        <SubmitStatus
          reserve
          pending={isSubmitting}
          pendingText={testing ? text.testing : text.saving}
          failure={failure}
          startedAt={testing ? run.startedAt : null}
          onCancel={testing ? run.cancel : undefined}
          cancelLabel={text.cancelTest}
        />
      </div>
    </form>
  );
}
