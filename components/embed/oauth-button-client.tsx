"use client";

import { useState } from "react";
import { messages as m } from "@/app/embed/messages";
import type { ApiRequester } from "@/components/forms/api-request";
import type { ConnectField } from "@/components/oauth/connect-client";
import { useOAuthPopup } from "@/components/oauth/use-oauth-popup";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { useHydrated } from "@/components/ui/use-hydrated";
import { OAUTH_MESSAGE_TYPE, type OAuthResultMessage } from "@/lib/oauth/flow-schemas";

type Props = {
  app: string;
  authClientId: string;
  request: ApiRequester;
  /** Re-authorise this credential in place (same id) instead of adding one. */
  secretId?: string;
  /** Connection fields the client's endpoints need ({{subdomain}}, …); not for a re-authorisation. */
  fields?: ConnectField[];
  workspace?: string;
  mode: "popup" | "redirect";
  /** Redirect mode: where the provider's callback sends the whole page (on the tenant's returnUrlOrigins). */
  returnTo: string | null;
  label: string;
  variant?: "primary" | "secondary";
  size?: "sm" | "md";
  onResult: (result: OAuthResultMessage) => void;
};

/**
 * Connect or Re-authorize inside the embed. Popup mode reuses the dashboard's popup logic
 * (useOAuthPopup): the provider refuses to be framed, so it signs in in a window of its own,
 * whose result page posts back to this iframe (our origin). Redirect mode sends the whole
 * page through the provider instead (webviews, Safari), back to `returnTo?secretId=…`; the
 * server checks `returnTo` against the tenant's allowlist when the flow starts.
 */
export function EmbedOAuthButton(props: Props) {
  const hydrated = useHydrated();
  const { phase, start, cancel, busy } = useOAuthPopup(props.onResult);
  const [config, setConfig] = useState<Record<string, string>>({});
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [redirect, setRedirect] = useState<"idle" | "going" | { failed: string }>("idle");
  const fields = props.secretId ? [] : (props.fields ?? []);

  function body() {
    const filled = Object.fromEntries(Object.entries(config).filter(([, v]) => v.trim()));
    return {
      ...(props.secretId ? { secretId: props.secretId } : props.workspace ? { workspace: props.workspace } : {}),
      ...(fields.length > 0 ? { config: filled } : {}),
      ...(props.mode === "redirect" && props.returnTo ? { successUrl: props.returnTo } : {}),
    };
  }

  const begin = async () => {
    const flow = await props.request<{ authUrl: string }>(
      `/api/v1/auth-clients/${props.authClientId}/start-flow`,
      "POST",
      body(),
    );
    return flow!.authUrl;
  };

  async function connect() {
    const missing = Object.fromEntries(
      fields.filter((f) => f.required && !config[f.name]?.trim()).map((f) => [f.name, m.fieldRequired(f.label)]),
    );
    setFieldErrors(missing);
    if (Object.keys(missing).length > 0) return;
    if (props.mode === "popup") return start(begin);
    setRedirect("going");
    try {
      const authUrl = await begin();
      // Framed, the whole tab goes (a user-activated top navigation); on its own, this page does.
      (window.top ?? window).location.href = authUrl;
    } catch (err) {
      const message = (err as { message?: unknown })?.message;
      setRedirect({ failed: typeof message === "string" ? message : m.oauthStartFailed });
      props.onResult({
        type: OAUTH_MESSAGE_TYPE,
        ok: false,
        error: (err as { code?: string })?.code ?? "start_failed",
      });
    }
  }

  const status =
    redirect === "going"
      ? m.oauthRedirecting(props.app)
      : typeof redirect === "object"
        ? m.oauthFailed(redirect.failed)
        : phase.kind === "starting"
          ? m.oauthOpening
          : phase.kind === "waiting"
            ? m.oauthWaiting(props.app)
            : phase.kind === "done"
              ? props.secretId
                ? m.oauthReauthorized
                : m.oauthDone
              : phase.kind === "failed"
                ? m.oauthFailed(phase.message || (phase.code === "start_failed" ? m.oauthStartFailed : phase.code))
                : phase.kind === "blocked"
                  ? m.oauthBlocked
                  : phase.kind === "closed"
                    ? m.oauthClosed
                    : null;
  const bad =
    phase.kind === "failed" || phase.kind === "blocked" || phase.kind === "closed" || typeof redirect === "object";
  const disabled = !hydrated || busy || redirect === "going";

  return (
    <div className="space-y-3">
      {fields.map((f) => (
        <TextField
          key={f.name}
          label={f.label}
          name={f.name}
          required={f.required}
          placeholder={f.placeholder}
          hint={f.help}
          error={fieldErrors[f.name]}
          value={config[f.name] ?? ""}
          onChange={(e) => setConfig((c) => ({ ...c, [f.name]: e.target.value }))}
          disabled={disabled}
        />
      ))}
      <div className="flex flex-wrap items-center gap-3">
        <Button variant={props.variant ?? "primary"} size={props.size} onClick={connect} disabled={disabled}>
          {props.label}
        </Button>
        {phase.kind === "waiting" ? (
          <Button variant="ghost" size={props.size} onClick={cancel}>
            {m.cancel}
          </Button>
        ) : null}
      </div>
      <p role="status" aria-live="polite" className={bad ? "text-sm text-red-700" : "text-sm text-slate-700"}>
        {status}
      </p>
    </div>
  );
}
