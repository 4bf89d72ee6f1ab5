"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { useForm, useWatch, type Path, type Resolver } from "react-hook-form";
import { z } from "zod";
import { apiRequest, ApiRequestError, applyApiError, type ApiRequester } from "@/components/forms/api-request";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { useHydrated } from "@/components/ui/use-hydrated";
import { componentConfigSchema } from "@/lib/components/config";
import type { ComponentField } from "@/lib/components/schema";
import { inputFieldsSchema, type SessionField } from "@/lib/oauth/session-recipe";
import { secretNameSchema } from "@/lib/secrets/schemas";
import { configFields, initialValues } from "../form/field-specs";
import { SubmitStatus, verificationFailure, type Failure } from "../form/submit-status";

/** A session-auth recipe as the form needs it: its id, name and the fields the end user fills in. */
export type LoginRecipe = { id: string; name: string; fields: SessionField[] };

/** The form's own words; the embed passes its translated ones (app/embed/messages.ts). */
export type TokenConnectText = {
  formLabel: (app: string) => string;
  name: string;
  namePlaceholder: (app: string) => string;
  optional: (label: string) => string;
  secretHint: string;
  logIn: string;
  connect: string;
  loggingIn: string;
  gettingToken: (app: string) => string;
  saved: string;
  loginFailed: string;
  noToken: string;
  couldNotConnect: string;
  /**
   * The failure's words for a login or token request that gave no token, from its class
   * (`auth_failed`, `timeout`, …); by default the server's own plain words. The embed says
   * its own, so an end user sees no server text.
   */
  failureMessage?: (failure: { session: boolean; class?: string; app: string }) => string;
  /** Any other failure not shown under a field; by default the server's message. */
  otherFailure?: string;
};

const DEFAULT_TEXT: TokenConnectText = {
  formLabel: (app) => `New ${app} credential`,
  name: "Name",
  namePlaceholder: (app) => `e.g. ${app} production`,
  optional: (label) => `${label} (optional)`,
  secretHint: "Write-only: stored encrypted and never shown again.",
  logIn: "Log in & save",
  connect: "Connect",
  loggingIn: "Logging in…",
  gettingToken: (app) => `Getting a token from ${app}…`,
  saved: "Saved. Opening the credential…",
  loginFailed: "The login failed",
  noToken: "No token came back",
  couldNotConnect: "Could not connect",
};

type Props = {
  type: "SESSION_AUTH" | "OA2_CLIENT_CREDENTIALS";
  component: { id: string; name: string; fields: ComponentField[] };
  /** SESSION_AUTH: the tenant's recipes for the component; OA2_CLIENT_CREDENTIALS: its one client (no fields). */
  clients: LoginRecipe[];
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
  text?: Partial<TokenConnectText>;
};

type Values = {
  name: string;
  workspace: string;
  authClientId: string;
  config: Record<string, string>;
  inputFields: Record<string, string>;
};

/**
 * Adds a session-auth or client-credentials credential without a popup: a form generated
 * from the recipe's fields (secret ones are password inputs), or a Connect that needs no
 * input at all. The server runs the login or fetches the first token as the dry run and
 * stores nothing when it fails; neither the token nor the input fields come back.
 */
export function TokenConnectForm({
  type,
  component,
  clients,
  workspaces,
  defaultWorkspace,
  request = apiRequest,
  onCreated,
  onFailed,
  fixedWorkspace = false,
  text: overrides,
}: Props) {
  const text = { ...DEFAULT_TEXT, ...overrides };
  const router = useRouter();
  const toast = useToast();
  const hydrated = useHydrated();
  const [failure, setFailure] = useState<Failure | null>(null);
  const [saved, setSaved] = useState(false);
  const session = type === "SESSION_AUTH";
  const config = useMemo(() => configFields(component.fields), [component.fields]);
  const byId = useMemo(() => new Map(clients.map((c) => [c.id, c])), [clients]);
  // The schema follows the recipe picked: its own fields, nothing else.
  const resolver: Resolver<Values> = (given, ctx, opts) => {
    // Inputs of a recipe picked earlier stay in the form's state; only the current recipe's count.
    const names = new Set((byId.get(given.authClientId)?.fields ?? []).map((f) => f.name));
    const values = {
      ...given,
      inputFields: Object.fromEntries(Object.entries(given.inputFields ?? {}).filter(([k]) => names.has(k))),
    };
    const schema = z.object({
      name: secretNameSchema,
      workspace: z.string().min(1, "Pick a workspace"),
      authClientId: z.string().min(1),
      config: componentConfigSchema(component.fields),
      inputFields: session ? inputFieldsSchema(byId.get(values.authClientId)?.fields ?? []) : z.object({}),
    });
    // zodResolver's overloads cannot follow a schema built per call; the values are typed by useForm.
    return (zodResolver(schema as never) as unknown as Resolver<Values>)(values, ctx, opts);
  };
  const {
    register,
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<Values>({
    resolver,
    defaultValues: {
      name: "",
      workspace: defaultWorkspace,
      authClientId: clients[0]?.id ?? "",
      config: initialValues(config),
      inputFields: {},
    },
  });
  const picked = byId.get(useWatch({ control, name: "authClientId" }));

  const onSubmit = handleSubmit(async (form) => {
    setFailure(null);
    const value = session
      ? {
          authClientId: form.authClientId,
          // Empty optional fields are left out: the recipe then leaves out what refers to them.
          inputFields: Object.fromEntries(Object.entries(form.inputFields ?? {}).filter(([, v]) => v !== "")),
        }
      : { authClientId: form.authClientId };
    let created: { id: string } | null;
    try {
      created = await request<{ id: string }>("/api/v1/secrets", "POST", {
        name: form.name,
        workspace: form.workspace,
        type,
        componentId: component.id,
        config: form.config,
        value,
      });
    } catch (err) {
      onFailed?.(err instanceof ApiRequestError ? err.code : "internal");
      const verification = verificationFailure(err, "create");
      if (verification) {
        const cls = (err as ApiRequestError).extra.verification as { class?: string } | undefined;
        return setFailure({
          ...verification,
          title: session ? text.loginFailed : text.noToken,
          ...(text.failureMessage && {
            message: text.failureMessage({ session, class: cls?.class, app: component.name }),
            detail: undefined,
          }),
        });
      }
      const fields = [
        "name",
        // A fixed workspace has no input to show its error under: it stays in the failure box.
        ...(fixedWorkspace ? [] : ["workspace"]),
        ...config.map((f) => `config.${f.name}`),
        ...(picked?.fields ?? []).map((f) => `value.inputFields.${f.name}`),
      ];
      // The API names input fields under value.; the form keeps them at the top.
      const leftover = applyApiError(
        err,
        (path, error, opts) => setError(String(path).replace(/^value\./, "") as Path<Values>, error, opts),
        { fields: fields as Path<Values>[] },
      );
      if (leftover) setFailure({ title: text.couldNotConnect, message: text.otherFailure ?? leftover });
      return;
    }
    setSaved(true);
    if (onCreated) {
      // The caller shows the outcome and unmounts the form.
      onCreated({ id: created!.id, name: form.name });
      return;
    }
    toast.success(`Connected ${component.name}.`);
    router.push(`/credentials/${created!.id}`);
  });

  const busy = isSubmitting || saved;
  return (
    <form
      method="post"
      noValidate
      onSubmit={onSubmit}
      aria-label={text.formLabel(component.name)}
      className="grid gap-4 sm:grid-cols-2"
    >
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
          error={errors.workspace?.message}
          {...register("workspace")}
        />
      )}
      {session && clients.length > 1 ? (
        <SelectField
          label="Login recipe"
          options={clients.map((c) => ({ value: c.id, label: c.name }))}
          {...register("authClientId")}
        />
      ) : null}
      {config.map((f) =>
        f.options ? (
          <SelectField
            key={f.name}
            label={f.label}
            options={f.options}
            hint={f.hint}
            error={errors.config?.[f.name]?.message}
            {...register(`config.${f.name}`)}
          />
        ) : (
          <TextField
            key={f.name}
            label={f.required ? f.label : text.optional(f.label)}
            spellCheck={false}
            placeholder={f.placeholder}
            hint={f.hint}
            error={errors.config?.[f.name]?.message}
            {...register(`config.${f.name}`)}
          />
        ),
      )}
      {session
        ? (picked?.fields ?? []).map((f) => (
            <TextField
              key={`${picked!.id}:${f.name}`}
              label={f.required ? f.label : text.optional(f.label)}
              type={f.secret ? "password" : "text"}
              autoComplete={f.secret ? "new-password" : "off"}
              spellCheck={false}
              hint={f.help ?? (f.secret ? text.secretHint : undefined)}
              error={errors.inputFields?.[f.name]?.message}
              {...register(`inputFields.${f.name}`)}
            />
          ))
        : null}
      <div className="flex flex-wrap items-start gap-4 sm:col-span-2">
        <Button type="submit" disabled={!hydrated || busy}>
          {session ? text.logIn : text.connect}
        </Button>
        <SubmitStatus
          pending={busy}
          pendingText={saved ? text.saved : session ? text.loggingIn : text.gettingToken(component.name)}
          failure={failure}
        />
      </div>
    </form>
  );
}
