"use client";

import { messages as m } from "@/app/embed/messages";
import { TokenConnectForm, type TokenConnectText } from "@/components/credentials/new/token-connect-client";
import type { ApiRequester } from "@/components/forms/api-request";
import type { EmbedComponent } from "./types";

type Props = {
  type: "SESSION_AUTH" | "OA2_CLIENT_CREDENTIALS";
  component: EmbedComponent;
  request: ApiRequester;
  workspace: string;
  onCreated: (secret: { id: string; name: string }) => void;
  onFailed: (code: string) => void;
};

/** A failed login or token request in an end user's words: what happened and whom to ask, never the server's text. */
function failureMessage({ session, class: cls, app }: { session: boolean; class?: string; app: string }) {
  if (cls === "blocked") return m.tokenForm.blocked;
  if (!session) return m.tokenForm.noTokenMessage(app);
  // A 4xx other than 408/429 is the login refusing what was typed (lib/oauth/connect.ts).
  return cls === "auth_failed" || cls === "forbidden" || cls === "not_found"
    ? m.tokenForm.loginRefused
    : m.tokenForm.loginUnavailable(app);
}

/**
 * The session-auth login form (generated from the tenant's recipe) or client-credentials
 * Connect inside the embed: the dashboard's TokenConnectForm with the session's bearer
 * requester, its fixed workspace and the embed's words. The login or the first token is the
 * dry run, so nothing is stored unless it worked.
 */
export function EmbedTokenConnect({ type, component, request, workspace, onCreated, onFailed }: Props) {
  const session = type === "SESSION_AUTH";
  const app = component.form.name;
  const client = session ? component.session : component.clientCredentials;
  if (!client) return null;
  // Client credentials asks for nothing but a name (and the connection's fields).
  const fields = session && component.session ? component.session.fields : [];
  const headingId = `embed-${type}-heading`;
  const text: Partial<TokenConnectText> = {
    ...m.tokenForm,
    formLabel: session ? m.tokenForm.loginFormLabel : m.tokenForm.machineFormLabel,
    failureMessage,
  };
  return (
    <section aria-labelledby={headingId} className="rounded-lg bg-white px-4 py-4 shadow-sm ring-1 ring-slate-200">
      <h4 id={headingId} className="text-sm font-semibold text-slate-900">
        {session ? m.loginHeading(app) : m.machineHeading(app)}
      </h4>
      <p className="mt-1 mb-3 text-sm text-slate-600">{session ? m.loginIntro(app) : m.machineIntro(app)}</p>
      <TokenConnectForm
        type={type}
        component={{ id: component.form.id, name: app, fields: component.tokenFields }}
        clients={[{ id: client.authClientId, name: app, fields }]}
        workspaces={[]}
        defaultWorkspace={workspace}
        fixedWorkspace
        request={request}
        text={text}
        onCreated={onCreated}
        onFailed={onFailed}
      />
    </section>
  );
}
