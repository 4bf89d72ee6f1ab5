"use client";

import { useMemo, useState } from "react";
import { messages as m } from "@/app/embed/messages";
import { ComponentLogo } from "@/components/credentials/component-logo";
import { CreateCredentialForm } from "@/components/credentials/form/create-credential-client";
import type { StaticType } from "@/components/credentials/labels";
import type { ApiRequester } from "@/components/forms/api-request";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { typeDef } from "@/lib/secrets/types";
import type { OAuthResultMessage } from "@/lib/oauth/flow-schemas";
import { EmbedOAuthButton } from "./oauth-button-client";
import { EmbedTokenConnect } from "./token-connect-client";
import type { EmbedComponent } from "./types";

type Props = {
  components: EmbedComponent[];
  request: ApiRequester;
  workspace: string;
  oauthMode: "popup" | "redirect";
  returnTo: string | null;
  /** Start at this component; with `locked`, the end user cannot pick another (pick mode). */
  initialComponent?: string | null;
  locked?: boolean;
  /** A credential was stored; `text` is what to tell the end user, when the form has its own words. */
  onCreated: (secret: { id: string; name: string }, componentId: string, text?: string) => void;
  onFailed: (code: string, componentId: string) => void;
  onOAuthResult: (result: OAuthResultMessage, componentId: string) => void;
  /** Back out of adding (to the list the end user came from). */
  onCancel: () => void;
};

/**
 * Adding a connection: pick an app (searchable), then connect it where the tenant has an auth
 * client for it (OAuth in a popup, client credentials with no popup, or the login form of
 * its session-auth recipe), or fill the dashboard's own form for one of its credential types
 * (CreateCredentialForm with the session's bearer requester): the dry run, or the login or
 * first token, proves it before anything is stored.
 */
export function AddConnection(props: Props) {
  const [componentId, setComponentId] = useState<string | null>(props.initialComponent ?? null);
  const [type, setType] = useState<StaticType | null>(null);
  const component = props.components.find((c) => c.form.id === componentId);

  /** The ways that are not a typed-in credential type: OAuth, client credentials, a session login. */
  const otherWays = !!component && (!!component.oauth || !!component.clientCredentials || !!component.session);
  const hasChoice = !!component && (component.staticTypes.length > 1 || otherWays);
  /** One step back: to the type choice, to the app list, or out (the caller's list). */
  function back() {
    if (type !== null && hasChoice) setType(null);
    else if (componentId !== null && !props.locked) setComponentId(null);
    else props.onCancel();
  }
  const backButton = (
    <Button variant="ghost" size="sm" onClick={back}>
      ← {m.back}
    </Button>
  );

  if (!component) {
    return (
      <div className="space-y-3">
        {backButton}
        <ComponentPicker components={props.components} onPick={(id) => (setComponentId(id), setType(null))} />
      </div>
    );
  }
  const chosen = type ?? (component.staticTypes.length === 1 && !otherWays ? component.staticTypes[0] : null);
  const app = component.form.name;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        {backButton}
        <ComponentLogo name={app} logo={component.form.logo} />
        <h3 className="text-base font-semibold text-slate-900">{m.howToConnect(app)}</h3>
      </div>
      {chosen === null ? (
        <>
          {component.oauth ? (
            <section
              aria-label={m.connectWithOAuth(app)}
              className="rounded-lg bg-white px-4 py-4 shadow-sm ring-1 ring-slate-200"
            >
              <p className="mb-3 text-sm text-slate-600">{m.oauthIntro(app)}</p>
              <EmbedOAuthButton
                app={app}
                authClientId={component.oauth.authClientId}
                fields={component.oauth.fields}
                request={props.request}
                workspace={props.workspace}
                mode={props.oauthMode}
                returnTo={props.returnTo}
                label={m.connectWithOAuth(app)}
                onResult={(r) => props.onOAuthResult(r, component.form.id)}
              />
            </section>
          ) : component.staticTypes.length === 0 && !otherWays ? (
            <p className="text-sm text-slate-700">{m.oauthUnavailable(app)}</p>
          ) : null}
          {(["OA2_CLIENT_CREDENTIALS", "SESSION_AUTH"] as const).map((t) => (
            <EmbedTokenConnect
              key={t}
              type={t}
              component={component}
              request={props.request}
              workspace={props.workspace}
              onCreated={(secret) => props.onCreated(secret, component.form.id, m.connected(secret.name))}
              onFailed={(code) => props.onFailed(code, component.form.id)}
            />
          ))}
          {component.staticTypes.length > 0 ? (
            <section aria-label={otherWays ? m.orEnterCredentials : m.chooseType} className="space-y-2">
              <h4 className="text-sm font-medium text-slate-700">{otherWays ? m.orEnterCredentials : m.chooseType}</h4>
              <ul className="grid gap-2 sm:grid-cols-2">
                {component.staticTypes.map((t) => (
                  <li key={t}>
                    <button
                      type="button"
                      onClick={() => setType(t)}
                      className="block w-full rounded-lg bg-white px-4 py-3 text-left shadow-sm ring-1 ring-slate-200 hover:ring-brand-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
                    >
                      <span className="block text-sm font-medium text-slate-900">{typeDef(t).label}</span>
                      <span className="mt-0.5 block text-xs text-slate-600">{m.typeDescriptions[t]}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </>
      ) : (
        <CreateCredentialForm
          key={`${component.form.id}:${chosen}`}
          type={chosen}
          component={component.form}
          workspaces={[]}
          defaultWorkspace={props.workspace}
          fixedWorkspace
          request={props.request}
          text={m.form}
          onCreated={(secret) => props.onCreated(secret, component.form.id)}
          onFailed={(code) => props.onFailed(code, component.form.id)}
        />
      )}
    </div>
  );
}

/** The apps this session may connect, with a search box; each is a real button. */
function ComponentPicker({ components, onPick }: { components: EmbedComponent[]; onPick: (id: string) => void }) {
  const [query, setQuery] = useState("");
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return q ? components.filter((c) => `${c.form.name} ${c.category}`.toLowerCase().includes(q)) : components;
  }, [components, query]);

  if (components.length === 0) return <p className="text-sm text-slate-700">{m.noComponents}</p>;
  return (
    <div className="space-y-3">
      <h3 className="text-base font-semibold text-slate-900">{m.pickerHeading}</h3>
      {components.length > 6 ? (
        <TextField label={m.pickerSearch} type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
      ) : null}
      {shown.length === 0 ? <p className="text-sm text-slate-600">{m.pickerNoMatch}</p> : null}
      <ul aria-label={m.pickerHeading} className="grid gap-2 sm:grid-cols-2">
        {shown.map((c) => (
          <li key={c.form.id}>
            <button
              type="button"
              onClick={() => onPick(c.form.id)}
              className="flex w-full items-center gap-3 rounded-lg bg-white px-3 py-2.5 text-left shadow-sm ring-1 ring-slate-200 hover:ring-brand-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
            >
              <ComponentLogo name={c.form.name} logo={c.form.logo} />
              <span className="min-w-0">
                <span className="block truncate text-sm font-medium text-slate-900">{c.form.name}</span>
                <span className="block truncate text-xs text-slate-500">{c.category}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
