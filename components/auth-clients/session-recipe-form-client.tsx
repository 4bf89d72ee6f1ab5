"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useFieldArray, useForm, type Path, type Resolver } from "react-hook-form";
import { ApiRequestError, apiRequest } from "@/components/forms/api-request";
import { FormCard } from "@/components/forms/form-card-client";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { useHydrated } from "@/components/ui/use-hydrated";
import { catalogueRecipe, CUSTOM_SESSION } from "@/lib/oauth/defaults";
import { createSessionClientSchema, patchSessionClientSchema, type PublicSessionClient } from "@/lib/oauth/schemas";
import { SESSION_LOGIN_METHODS, SESSION_LOGIN_TYPES, type SessionRecipe } from "@/lib/oauth/session-recipe";
import { Checkbox } from "./checkbox";

/** What the inputs hold; the API's schemas take exactly this (request fields in OIH's list form). */
type Values = {
  type?: "SESSION_AUTH";
  componentId?: string;
  name: string;
  fields: { name: string; label: string; secret: boolean; required: boolean }[];
  endpoints: {
    auth: {
      url: string;
      method: (typeof SESSION_LOGIN_METHODS)[number];
      authType: (typeof SESSION_LOGIN_TYPES)[number];
      requestFields: { key: string; value: string }[];
    };
  };
  tokenPath: string;
  expirationPath: string;
  expiresIn: number | null;
};

const AUTH_TYPES: Record<(typeof SESSION_LOGIN_TYPES)[number], string> = {
  HEADER_AUTH: "Basic auth header (request fields username and password)",
  BODY_AUTH: "JSON body",
  FORM_AUTH: "Form body (urlencoded)",
  PARAMS_AUTH: "Query parameters",
};

const EMPTY: Omit<Values, "name"> = {
  fields: [
    { name: "username", label: "Username", secret: false, required: true },
    { name: "password", label: "Password", secret: true, required: true },
  ],
  endpoints: {
    auth: {
      url: "",
      method: "POST",
      authType: "BODY_AUTH",
      requestFields: [
        { key: "username", value: "{{fields.username}}" },
        { key: "password", value: "{{fields.password}}" },
      ],
    },
  },
  tokenPath: "",
  expirationPath: "",
  expiresIn: null,
};

function recipeValues(r: Pick<SessionRecipe, "fields" | "endpoints" | "tokenPath" | "expirationPath" | "expiresIn">) {
  return {
    fields: r.fields.map((f) => ({ name: f.name, label: f.label, secret: f.secret, required: f.required })),
    endpoints: {
      auth: {
        url: r.endpoints.auth.url,
        method: r.endpoints.auth.method,
        authType: r.endpoints.auth.authType,
        requestFields: Object.entries(r.endpoints.auth.requestFields).map(([key, value]) => ({ key, value })),
      },
    },
    tokenPath: r.tokenPath,
    expirationPath: r.expirationPath ?? "",
    expiresIn: r.expiresIn ?? null,
  } satisfies Omit<Values, "name">;
}

/** The pre-fill for a component: its catalogue recipe, or a username/password starting point. */
const componentValues = (componentId: string) => {
  const r = catalogueRecipe(componentId);
  return r ? recipeValues(r) : EMPTY;
};

export type RecipeComponent = { id: string; name: string };

type Props =
  | { mode: "create"; components: RecipeComponent[]; initialComponent: string }
  | { mode: "edit"; client: PublicSessionClient; componentName: string | null };

const TOP_FIELDS: readonly Path<Values>[] = [
  "componentId",
  "name",
  "fields",
  "endpoints.auth.url",
  "endpoints.auth.method",
  "endpoints.auth.authType",
  "endpoints.auth.requestFields",
  "tokenPath",
  "expirationPath",
  "expiresIn",
];

/**
 * Create or edit a session-auth login recipe: the fields the end user fills in, the login
 * request with `{{fields.name}}` placeholders, and where the token and its expiry are in the
 * answer. Validated in the browser with the API's own schema; the placeholder rule (only
 * declared fields) is checked by the API and shown under the request field it concerns.
 */
export function SessionRecipeForm(props: Props) {
  const router = useRouter();
  const toast = useToast();
  const hydrated = useHydrated();
  const creating = props.mode === "create";
  const schema = creating ? createSessionClientSchema : patchSessionClientSchema;
  const initial: Values = creating
    ? {
        type: "SESSION_AUTH",
        componentId: props.initialComponent,
        name: props.components.find((c) => c.id === props.initialComponent)?.name ?? "",
        ...componentValues(props.initialComponent),
      }
    : { name: props.client.name, ...recipeValues(props.client) };
  // zodResolver's overloads cannot follow a schema chosen at run time; the values are typed by useForm.
  const resolver = zodResolver(schema as never) as unknown as Resolver<Values>;
  const form = useForm<Values>({ resolver, defaultValues: initial });
  const {
    register,
    control,
    reset,
    getValues,
    setError,
    formState: { errors, isSubmitting, dirtyFields },
  } = form;
  const fields = useFieldArray({ control, name: "fields" });
  const requestFields = useFieldArray({ control, name: "endpoints.auth.requestFields" });

  /** Puts the API's issues under their inputs; a request field's path names its key, not its row. */
  function showIssues(err: unknown): string | null {
    if (!(err instanceof ApiRequestError)) return "Something went wrong. Try again.";
    let leftover = err.issues.length === 0;
    for (const issue of err.issues) {
      const m = /^endpoints\.auth\.requestFields\.(.+)$/.exec(issue.path);
      const row = m ? getValues("endpoints.auth.requestFields").findIndex((r) => r.key === m[1]) : -1;
      const target = row >= 0 ? (`endpoints.auth.requestFields.${row}.value` as Path<Values>) : undefined;
      const field = target ?? TOP_FIELDS.find((f) => f === issue.path);
      if (field) setError(field, { type: "server", message: issue.message }, { shouldFocus: true });
      else leftover = true;
    }
    return leftover ? err.message : null;
  }

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      if (creating) {
        const made = await apiRequest<PublicSessionClient>("/api/v1/auth-clients", "POST", values);
        toast.success(`Created the login recipe "${made!.name}".`);
        router.push(`/settings/auth-clients/${made!.id}`);
      } else {
        const saved = await apiRequest<PublicSessionClient>(`/api/v1/auth-clients/${props.client.id}`, "PATCH", values);
        toast.success(`Saved the login recipe "${saved!.name}".`);
        reset({ name: saved!.name, ...recipeValues(saved!) });
        router.refresh();
      }
    } catch (err) {
      const leftover = showIssues(err);
      if (leftover) toast.error(leftover);
    }
  });

  function pickComponent(id: string) {
    const name = creating ? props.components.find((c) => c.id === id)?.name : undefined;
    reset({ ...getValues(), componentId: id, ...componentValues(id), ...(!dirtyFields.name && name && { name }) });
  }

  const rowError = (i: number, key: "name" | "label") => errors.fields?.[i]?.[key]?.message;
  const requestError = (i: number, key: "key" | "value") => errors.endpoints?.auth?.requestFields?.[i]?.[key]?.message;

  return (
    <FormCard
      title={creating ? "New login recipe" : "Edit login recipe"}
      description={
        creating
          ? "Session auth: the form your end users fill in, the login request made with it, and where the token is in the answer. Nothing here is secret; the end users' values are stored encrypted in their own credentials."
          : `Changes apply to the next login of each credential${props.componentName ? ` (${props.componentName})` : ""}.`
      }
      onSubmit={onSubmit}
      hydrated={hydrated}
      submitting={isSubmitting}
      submitLabel={creating ? "Create login recipe" : "Save changes"}
      pendingLabel={creating ? "Creating…" : "Saving…"}
    >
      {creating ? (
        <SelectField
          label="Component"
          options={props.components.map((c) => ({ value: c.id, label: c.name }))}
          error={errors.componentId?.message}
          hint={
            getValues("componentId") === CUSTOM_SESSION
              ? "Custom session auth: define the whole recipe."
              : "The recipe comes from the product's documentation; change any part."
          }
          {...register("componentId", { onChange: (e) => pickComponent(e.target.value) })}
        />
      ) : null}
      <TextField label="Name" autoComplete="off" error={errors.name?.message} {...register("name")} />

      <fieldset className="space-y-3 sm:col-span-2">
        <legend className="text-sm font-semibold text-slate-900">Fields the end user fills in</legend>
        {fields.fields.map((row, i) => (
          <div key={row.id} className="grid items-start gap-3 sm:grid-cols-[1fr_1fr_auto_auto_auto]">
            <TextField
              label={`Form field ${i + 1} name`}
              spellCheck={false}
              error={rowError(i, "name")}
              {...register(`fields.${i}.name`)}
            />
            <TextField
              label={`Form field ${i + 1} label`}
              error={rowError(i, "label")}
              {...register(`fields.${i}.label`)}
            />
            <Checkbox label="Secret" hint="A password input" {...register(`fields.${i}.secret`)} />
            <Checkbox label="Required" hint="Must be filled" {...register(`fields.${i}.required`)} />
            <Button variant="ghost" size="sm" className="mt-6" onClick={() => fields.remove(i)}>
              Remove form field {i + 1}
            </Button>
          </div>
        ))}
        {errors.fields?.message || errors.fields?.root?.message ? (
          <p className="text-xs font-medium text-red-600">{errors.fields?.message ?? errors.fields?.root?.message}</p>
        ) : null}
        <Button
          variant="secondary"
          size="sm"
          onClick={() => fields.append({ name: "", label: "", secret: false, required: true })}
        >
          Add form field
        </Button>
      </fieldset>

      <fieldset className="grid gap-4 sm:col-span-2 sm:grid-cols-2">
        <legend className="text-sm font-semibold text-slate-900">Login request</legend>
        <div className="sm:col-span-2">
          <TextField
            label="Login URL"
            spellCheck={false}
            placeholder="https://api.example.com/login"
            hint="Literal: no placeholders. https only (plain http only for hosts in OUTBOUND_ALLOW_HOSTS)."
            error={errors.endpoints?.auth?.url?.message}
            {...register("endpoints.auth.url")}
          />
        </div>
        <SelectField
          label="Method"
          options={SESSION_LOGIN_METHODS.map((m) => ({ value: m, label: m }))}
          error={errors.endpoints?.auth?.method?.message}
          {...register("endpoints.auth.method")}
        />
        <SelectField
          label="Credentials sent as"
          options={SESSION_LOGIN_TYPES.map((t) => ({ value: t, label: `${t}: ${AUTH_TYPES[t]}` }))}
          error={errors.endpoints?.auth?.authType?.message}
          {...register("endpoints.auth.authType")}
        />
        <div className="space-y-3 sm:col-span-2">
          <p className="text-xs text-slate-600">
            Request fields: literal text and <code>{"{{fields.name}}"}</code> placeholders, filled from the end
            user&apos;s own fields only. A field that refers only to empty optional fields is left out.
          </p>
          {requestFields.fields.map((row, i) => (
            <div key={row.id} className="grid items-start gap-3 sm:grid-cols-[1fr_2fr_auto]">
              <TextField
                label={`Request field ${i + 1} name`}
                spellCheck={false}
                error={requestError(i, "key")}
                {...register(`endpoints.auth.requestFields.${i}.key`)}
              />
              <TextField
                label={`Request field ${i + 1} value`}
                spellCheck={false}
                error={requestError(i, "value")}
                {...register(`endpoints.auth.requestFields.${i}.value`)}
              />
              <Button variant="ghost" size="sm" className="mt-6" onClick={() => requestFields.remove(i)}>
                Remove request field {i + 1}
              </Button>
            </div>
          ))}
          {errors.endpoints?.auth?.requestFields?.message || errors.endpoints?.auth?.requestFields?.root?.message ? (
            <p className="text-xs font-medium text-red-600">
              {errors.endpoints?.auth?.requestFields?.message ?? errors.endpoints?.auth?.requestFields?.root?.message}
            </p>
          ) : null}
          <Button variant="secondary" size="sm" onClick={() => requestFields.append({ key: "", value: "" })}>
            Add request field
          </Button>
        </div>
      </fieldset>

      <fieldset className="grid gap-4 sm:col-span-2 sm:grid-cols-3">
        <legend className="text-sm font-semibold text-slate-900">The answer</legend>
        <TextField
          label="Token path"
          spellCheck={false}
          placeholder="data.token"
          hint="Where the token is in the JSON answer."
          error={errors.tokenPath?.message}
          {...register("tokenPath")}
        />
        <TextField
          label="Expiry path (optional)"
          spellCheck={false}
          placeholder="data.ttl"
          hint="Seconds from now, or a date."
          error={errors.expirationPath?.message}
          {...register("expirationPath")}
        />
        <TextField
          label="Lifetime in seconds (optional)"
          type="number"
          min={60}
          hint="When the answer has no expiry. With neither, the token is reused until Refresh now."
          error={errors.expiresIn?.message}
          {...register("expiresIn", { setValueAs: (v) => (v === "" || v === null ? null : Number(v)) })}
        />
      </fieldset>
    </FormCard>
  );
}
