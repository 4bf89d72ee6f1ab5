"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useId } from "react";
import { useForm, useWatch, type Path, type Resolver } from "react-hook-form";
import { applyApiError, apiRequest } from "@/components/forms/api-request";
import { FormCard } from "@/components/forms/form-card-client";
import { SelectField, TextField } from "@/components/ui/field";
import { controlClass } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useToast } from "@/components/ui/toast";
import { useHydrated } from "@/components/ui/use-hydrated";
import { catalogueDefaults, CUSTOM_OAUTH2, type OAuthClientType } from "@/lib/oauth/defaults";
import { unpinnedEndpoints } from "@/lib/oauth/endpoint-hosts";
import { createAuthClientSchema, patchAuthClientSchema, type PublicOAuthClient } from "@/lib/oauth/schemas";
import { ProviderDocsLink } from "@/components/credentials/form/docs-link";
import { Checkbox } from "./checkbox";
import { RedirectUri } from "./redirect-uri-client";

/** The form's values: what the inputs hold. The API's schemas accept exactly these strings. */
type Values = {
  type?: OAuthClientType;
  componentId?: string;
  name: string;
  clientId: string;
  clientSecret: string;
  endpoints: { auth: string; token: string; revocation: string; userinfo: string };
  scopes: string;
  scopeSeparator: " " | "," | "+";
  tokenEndpointAuthMethod: "client_secret_basic" | "client_secret_post";
  pkce: boolean;
  authParams: string;
  tokenParams: string;
  refreshWithScope: boolean;
  issuer: string;
};

const FIELDS: readonly Path<Values>[] = [
  "componentId",
  "name",
  "clientId",
  "clientSecret",
  "endpoints.auth",
  "endpoints.token",
  "endpoints.revocation",
  "endpoints.userinfo",
  "scopes",
  "scopeSeparator",
  "tokenEndpointAuthMethod",
  "authParams",
  "tokenParams",
  "issuer",
];

const lines = (r: Record<string, string> | undefined) =>
  Object.entries(r ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join("\n");

/** The catalogue's pre-fill for a component as form values (Custom OAuth2: empty endpoints). */
function catalogueValues(componentId: string, type: OAuthClientType) {
  const d = catalogueDefaults(componentId, type);
  return {
    endpoints: {
      auth: d?.endpoints.auth ?? "",
      token: d?.endpoints.token ?? "",
      revocation: d?.endpoints.revocation ?? "",
      userinfo: d?.endpoints.userinfo ?? "",
    },
    scopes: d?.scopes.join(" ") ?? "",
    scopeSeparator: d?.scopeSeparator ?? " ",
    tokenEndpointAuthMethod: d?.tokenEndpointAuthMethod ?? "client_secret_basic",
    pkce: d?.pkce ?? type === "OA2_AUTHORIZATION_CODE",
    authParams: lines(d?.authParams),
    tokenParams: lines(d?.tokenParams),
  } satisfies Partial<Values>;
}

function clientValues(c: PublicOAuthClient): Values {
  return {
    name: c.name,
    clientId: c.clientId,
    clientSecret: "",
    endpoints: {
      auth: c.endpoints.auth ?? "",
      token: c.endpoints.token ?? "",
      revocation: c.endpoints.revocation ?? "",
      userinfo: c.endpoints.userinfo ?? "",
    },
    scopes: c.scopes.join(" "),
    scopeSeparator: c.scopeSeparator as Values["scopeSeparator"],
    tokenEndpointAuthMethod: c.tokenEndpointAuthMethod,
    pkce: c.pkce,
    authParams: lines(c.authParams),
    tokenParams: lines(c.tokenParams),
    refreshWithScope: c.refreshWithScope,
    issuer: c.issuer ?? "",
  };
}

/** A component to pick; `docsUrl` is where its OAuth app is created (components/credentials/form/docs-link.tsx providerDocsUrl). */
export type ComponentOption = { id: string; name: string; docsUrl?: string };

type Props =
  | {
      mode: "create";
      type: OAuthClientType;
      components: ComponentOption[];
      initialComponent: string;
      redirectUri: string;
    }
  | {
      mode: "edit";
      client: PublicOAuthClient;
      componentName: string | null;
      redirectUri: string;
      /** The component's OAuth documentation, as `ComponentOption.docsUrl`. */
      docsUrl?: string;
    };

function TextArea({
  label,
  hint,
  error,
  ...props
}: { label: string; hint: string; error?: string } & React.ComponentProps<"textarea">) {
  const id = useId();
  return (
    <div>
      <Label htmlFor={id}>{label}</Label>
      <textarea
        id={id}
        rows={3}
        className={`${controlClass} mt-1 font-mono text-xs`}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-msg`}
        {...props}
      />
      <p id={`${id}-msg`} className={error ? "mt-1 text-xs font-medium text-red-600" : "mt-1 text-xs text-slate-500"}>
        {error ?? hint}
      </p>
    </div>
  );
}

/**
 * Create or edit an OAuth auth client (authorization code, or client credentials: no browser
 * step, so no authorization URL, redirect URI, PKCE or authorization parameters), validated
 * in the browser with the API's own schema.
 * Creating: picking a component pre-fills endpoints, scopes and settings from the catalogue
 * (placeholders such as {{subdomain}} stay, each connection fills them). The client secret is
 * write-only: the input always starts empty, and on edit an empty input keeps the stored one.
 */
export function AuthClientForm(props: Props) {
  const router = useRouter();
  const toast = useToast();
  const hydrated = useHydrated();
  const creating = props.mode === "create";
  const type = creating ? props.type : props.client.type;
  const code = type === "OA2_AUTHORIZATION_CODE";
  const schema = creating ? createAuthClientSchema : patchAuthClientSchema;
  const initial: Values = creating
    ? {
        type: props.type,
        componentId: props.initialComponent,
        name: props.components.find((c) => c.id === props.initialComponent)?.name ?? "",
        clientId: "",
        clientSecret: "",
        refreshWithScope: false,
        issuer: "",
        ...catalogueValues(props.initialComponent, props.type),
      }
    : clientValues(props.client);
  // zodResolver's overloads cannot follow a schema chosen at run time; the values are typed by useForm.
  const resolver = zodResolver(schema as never) as unknown as Resolver<Values>;
  const form = useForm<Values>({ resolver, defaultValues: initial });
  const {
    register,
    setValue,
    control,
    formState: { errors, isSubmitting, dirtyFields },
  } = form;

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      if (creating) {
        const made = await apiRequest<PublicOAuthClient>("/api/v1/auth-clients", "POST", values);
        toast.success(`Created the auth client "${made!.name}".`);
        router.push(`/settings/auth-clients/${made!.id}`);
      } else {
        const saved = await apiRequest<PublicOAuthClient>(`/api/v1/auth-clients/${props.client.id}`, "PATCH", values);
        toast.success(`Saved the auth client "${saved!.name}".`);
        form.reset(clientValues(saved!));
        router.refresh();
      }
    } catch (err) {
      const leftover = applyApiError(err, form.setError, { fields: FIELDS });
      if (leftover) toast.error(leftover);
    }
  });

  function pickComponent(id: string) {
    if (!creating) return;
    const pre = catalogueValues(id, type);
    for (const [key, value] of Object.entries(pre) as [keyof typeof pre, never][]) setValue(key, value);
    const name = props.components.find((c) => c.id === id)?.name;
    if (!dirtyFields.name && name) setValue("name", name);
  }

  // useWatch, not watch(): it subscribes to these fields only and keeps the component compilable.
  const endpoints = useWatch({ control, name: "endpoints" });
  const watchedComponentId = useWatch({ control, name: "componentId" });
  const componentId = creating ? watchedComponentId : props.client.componentId;
  // Placeholders that would let each connection choose the host: the admin names it here.
  const ownHost = [
    ...new Set(unpinnedEndpoints(componentId, endpoints ?? {}).flatMap((u) => u.names.map((n) => `{{${n}}}`))),
  ];
  const templated = Object.values(endpoints ?? {}).some((v) => v.includes("{{")) && ownHost.length === 0;
  const custom = !componentId || componentId === CUSTOM_OAUTH2;
  const storedHint = !creating ? props.client.clientSecretHint : null;
  // Where the provider's OAuth app is made: the picked component's docs (none for Custom OAuth2).
  const docs = creating
    ? custom
      ? undefined
      : props.components.find((c) => c.id === componentId)
    : props.componentName && props.docsUrl
      ? { name: props.componentName, docsUrl: props.docsUrl }
      : undefined;

  return (
    <FormCard
      title={
        creating
          ? code
            ? "New auth client"
            : "New client-credentials client"
          : code
            ? "Edit auth client"
            : "Edit client-credentials client"
      }
      description={
        creating
          ? code
            ? "The OAuth app you registered at the provider. Picking a component fills in its endpoints and settings; change any of them."
            : "A machine-to-machine OAuth client: its client ID and secret get tokens at the token URL, with no browser step. Picking a component fills in its token URL and settings."
          : `Changes apply to new connections and refreshes${props.componentName ? ` (${props.componentName})` : ""}.`
      }
      onSubmit={onSubmit}
      hydrated={hydrated}
      submitting={isSubmitting}
      submitLabel={creating ? "Create auth client" : "Save changes"}
      pendingLabel={creating ? "Creating…" : "Saving…"}
    >
      {code ? (
        <div className="sm:col-span-2">
          <RedirectUri value={props.redirectUri} />
        </div>
      ) : null}
      {docs?.docsUrl ? (
        <div className="sm:col-span-2">
          <ProviderDocsLink app={docs.name} href={docs.docsUrl} what="oauth" />
        </div>
      ) : null}
      {creating ? (
        <SelectField
          label="Component"
          options={props.components.map((c) => ({ value: c.id, label: c.name }))}
          error={errors.componentId?.message}
          hint={
            custom ? "Custom OAuth2: enter every endpoint yourself." : "Endpoints and settings come from the catalogue."
          }
          {...register("componentId", { onChange: (e) => pickComponent(e.target.value) })}
        />
      ) : null}
      <TextField label="Name" autoComplete="off" error={errors.name?.message} {...register("name")} />
      <TextField
        label="Client ID"
        autoComplete="off"
        spellCheck={false}
        error={errors.clientId?.message}
        {...register("clientId")}
      />
      <TextField
        label="Client secret"
        type="password"
        autoComplete="new-password"
        spellCheck={false}
        error={errors.clientSecret?.message}
        hint={
          storedHint
            ? `Stored: ${storedHint}. Leave empty to keep it.`
            : code
              ? "Write-only: it is stored encrypted and never shown again. Leave empty for a public client."
              : "Write-only: it is stored encrypted and never shown again."
        }
        {...register("clientSecret")}
      />
      {code ? (
        <TextField
          label="Authorization URL"
          spellCheck={false}
          error={errors.endpoints?.auth?.message}
          {...register("endpoints.auth")}
        />
      ) : null}
      <TextField
        label="Token URL"
        spellCheck={false}
        error={errors.endpoints?.token?.message}
        hint={
          !creating && storedHint ? "Changing it sends the client secret elsewhere: enter the secret again." : undefined
        }
        {...register("endpoints.token")}
      />
      <TextField
        label="Revocation URL (optional)"
        spellCheck={false}
        error={errors.endpoints?.revocation?.message}
        {...register("endpoints.revocation")}
      />
      {code ? (
        <TextField
          label="Userinfo URL (optional)"
          spellCheck={false}
          error={errors.endpoints?.userinfo?.message}
          {...register("endpoints.userinfo")}
        />
      ) : null}
      {ownHost.length > 0 ? (
        <p role="note" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 sm:col-span-2">
          Replace <code>{ownHost.join(", ")}</code> in the URLs above with your own host (for example your tenant&apos;s
          domain). It is set once here, not by each connection, because the client secret is sent there.
        </p>
      ) : null}
      {templated ? (
        <p className="text-xs text-slate-600 sm:col-span-2">
          Placeholders such as <code>{"{{subdomain}}"}</code> are filled from each connection&apos;s settings when it
          connects.
        </p>
      ) : null}
      <TextField
        label="Scopes"
        spellCheck={false}
        hint="Separated by spaces."
        error={errors.scopes?.message}
        {...register("scopes")}
      />
      <SelectField
        label="Scope separator"
        options={[
          { value: " ", label: "Space" },
          { value: ",", label: "Comma" },
          { value: "+", label: "Plus" },
        ]}
        hint="How the provider wants scopes joined."
        error={errors.scopeSeparator?.message}
        {...register("scopeSeparator")}
      />
      <SelectField
        label="Client authentication"
        options={[
          { value: "client_secret_basic", label: "HTTP Basic (client_secret_basic)" },
          { value: "client_secret_post", label: "In the body (client_secret_post)" },
        ]}
        error={errors.tokenEndpointAuthMethod?.message}
        {...register("tokenEndpointAuthMethod")}
      />
      {code ? (
        <>
          <TextField
            label="Issuer (optional)"
            spellCheck={false}
            hint="Checked against iss on the callback."
            error={errors.issuer?.message}
            {...register("issuer")}
          />
          <Checkbox
            label="Use PKCE (S256)"
            hint="Recommended; turn off only for providers that reject it."
            {...register("pkce")}
          />
          <Checkbox
            label="Send scope when refreshing"
            hint="Some providers need the scope on refresh requests."
            {...register("refreshWithScope")}
          />
          <TextArea
            label="Authorization parameters"
            hint="One key=value per line, e.g. access_type=offline."
            error={errors.authParams?.message}
            {...register("authParams")}
          />
        </>
      ) : null}
      <TextArea
        label="Token parameters"
        hint={
          code
            ? "One key=value per line, e.g. audience=…"
            : "One key=value per line, e.g. audience=https://api.example.com"
        }
        error={errors.tokenParams?.message}
        {...register("tokenParams")}
      />
    </FormCard>
  );
}
