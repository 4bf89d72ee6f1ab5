"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { apiRequest, applyApiError } from "@/components/forms/api-request";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { StaticType } from "../labels";
import { configFields, headerRowsFor, initialValues, valueFields, type FormComponent } from "./field-specs";
import { HeadersField } from "./headers-field-client";
import { createCredentialSchema, errorPaths, headerErrorMap, type CredentialFormValues } from "./schema";
import { SubmitStatus, verificationFailure, type Failure } from "./submit-status";
import { FormSection, UiFields } from "./ui-fields";

type Props = {
  type: StaticType;
  component: FormComponent;
  workspaces: Array<{ slug: string; name: string }>;
  defaultWorkspace: string;
};

/** Step 3: the form for one credential type; "Test & save" runs the dry run server-side, then stores. */
export function CreateCredentialForm({ type, component, workspaces, defaultWorkspace }: Props) {
  const router = useRouter();
  const toast = useToast();
  const hydrated = useHydrated();
  const [failure, setFailure] = useState<Failure | null>(null);
  // Stays true while the detail page loads, so a second click cannot store a duplicate.
  const [saved, setSaved] = useState(false);
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

  const onSubmit = handleSubmit(async (body) => {
    setFailure(null);
    let created: { id: string } | null;
    try {
      created = await apiRequest<{ id: string }>("/api/v1/secrets", "POST", {
        ...body,
        type,
        componentId: component.id,
      });
    } catch (err) {
      const verification = verificationFailure(err, "create");
      if (verification) return setFailure(verification);
      const paths = errorPaths({ base: ["name", "workspace"], value, config, rows: getValues("headers") });
      const leftover = applyApiError(err, setError, { fields: paths });
      if (leftover) setFailure({ title: "Could not save the credential", message: leftover });
      return;
    }
    setSaved(true);
    toast.success(component.hasDryRun ? `Saved "${body.name}". The connection test passed.` : `Saved "${body.name}".`);
    router.push(`/credentials/${created!.id}`);
  });

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
          placeholder={`e.g. ${component.name} production`}
          error={errors.name?.message}
          {...register("name")}
        />
        <SelectField
          label="Workspace"
          options={workspaces.map((w) => ({ value: w.slug, label: w.name }))}
          hint="The credential is used only in this workspace."
          error={errors.workspace?.message}
          {...register("workspace")}
        />
      </FormSection>
      {config.length > 0 ? (
        <FormSection title="Connection">
          <UiFields fields={config} group="config" register={register} errors={errors} />
        </FormSection>
      ) : null}
      {type === "NO_AUTH" ? null : (
        <FormSection title="Credentials">
          {type === "HTTP_HEADERS" ? (
            <HeadersField control={control} register={register} errors={errors} />
          ) : (
            <UiFields fields={value} group="value" register={register} errors={errors} />
          )}
        </FormSection>
      )}
      <div className="flex flex-wrap items-start gap-4">
        <Button type="submit" disabled={isSubmitting || saved || !hydrated}>
          {component.hasDryRun ? "Test & save" : "Save"}
        </Button>
        <SubmitStatus
          pending={isSubmitting}
          pendingText={component.hasDryRun ? "Testing the connection…" : "Saving…"}
          failure={failure}
        />
      </div>
    </form>
  );
}
