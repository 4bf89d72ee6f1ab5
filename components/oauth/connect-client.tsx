"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { apiRequest, ApiRequestError } from "@/components/forms/api-request";
import { Button } from "@/components/ui/button";
import { TextField, SelectField } from "@/components/ui/field";
import { useHydrated } from "@/components/ui/use-hydrated";
import { OAUTH_MESSAGE_TYPE, type OAuthResultMessage } from "@/lib/oauth/flow-schemas";

export type ConnectField = { name: string; label: string; required: boolean; placeholder?: string; help?: string };

type Props = {
  authClientId: string;
  componentName: string;
  /** Re-authorise this secret in place instead of creating one. */
  secretId?: string;
  label?: string;
  variant?: "primary" | "secondary";
  workspaces?: { slug: string; name: string }[];
  defaultWorkspace?: string;
  /** Connection fields the client's endpoints need ({{subdomain}}, …). */
  fields?: ConnectField[];
};

type Phase =
  | { kind: "idle" }
  | { kind: "starting" }
  | { kind: "waiting" }
  | { kind: "done"; text: string }
  | { kind: "failed"; text: string }
  | { kind: "closed" };

const POPUP_FEATURES = "popup=yes,width=520,height=720";

/** True for the result page's message, from our own exact origin and our own popup (or its channel). */
function isOurMessage(data: unknown): data is OAuthResultMessage {
  return typeof data === "object" && data !== null && (data as { type?: unknown }).type === OAUTH_MESSAGE_TYPE;
}

/**
 * Connect (or Re-authorize) with OAuth: opens the provider in a popup, shows progress while it
 * is open, and goes to the credential's page when the popup reports back. The popup's
 * report is accepted only from this exact origin. Some providers cut the popup off from its
 * opener (Cross-Origin-Opener-Policy), so the result page also reports on a same-origin
 * BroadcastChannel; a closed popup without a report is explained, and a late report still lands.
 */
export function ConnectButton(props: Props) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [workspace, setWorkspace] = useState(props.defaultWorkspace ?? props.workspaces?.[0]?.slug ?? "");
  const [config, setConfig] = useState<Record<string, string>>({});
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const popup = useRef<Window | null>(null);
  const waiting = useRef(false);
  const timer = useRef<ReturnType<typeof setInterval> | undefined>(undefined);

  useEffect(() => {
    function settle(m: OAuthResultMessage) {
      if (!waiting.current) return;
      waiting.current = false;
      clearInterval(timer.current);
      if (m.ok) {
        setPhase({ kind: "done", text: props.secretId ? "Re-authorized." : "Connected. Opening the credential…" });
        router.push(`/credentials/${m.secretId}`);
        router.refresh();
      } else {
        setPhase({ kind: "failed", text: m.message || `The connection failed (${m.error}).` });
      }
    }
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== window.location.origin) return;
      if (popup.current && event.source !== popup.current) return;
      if (isOurMessage(event.data)) settle(event.data);
    };
    window.addEventListener("message", onMessage);
    const channel = typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel(OAUTH_MESSAGE_TYPE);
    if (channel) channel.onmessage = (event) => isOurMessage(event.data) && settle(event.data);
    return () => {
      window.removeEventListener("message", onMessage);
      channel?.close();
      clearInterval(timer.current);
    };
  }, [router, props.secretId]);

  async function connect() {
    const missing = Object.fromEntries(
      (props.fields ?? [])
        .filter((f) => f.required && !config[f.name]?.trim())
        .map((f) => [f.name, `Enter the ${f.label.toLowerCase()}`]),
    );
    setFieldErrors(missing);
    if (Object.keys(missing).length > 0) return;
    // Opened before the request, inside the click: browsers block popups opened later.
    const win = window.open("about:blank", "ic-oauth", POPUP_FEATURES);
    if (!win) {
      setPhase({
        kind: "failed",
        text: "Your browser blocked the sign-in window. Allow pop-ups for this site and try again.",
      });
      return;
    }
    popup.current = win;
    setPhase({ kind: "starting" });
    try {
      const body = {
        ...(props.secretId ? { secretId: props.secretId } : workspace ? { workspace } : {}),
        ...(props.fields?.length
          ? { config: Object.fromEntries(Object.entries(config).filter(([, v]) => v.trim())) }
          : {}),
      };
      const flow = (await apiRequest<{ authUrl: string }>(
        `/api/v1/auth-clients/${props.authClientId}/start-flow`,
        "POST",
        body,
      ))!;
      win.location.href = flow.authUrl;
    } catch (err) {
      win.close();
      popup.current = null;
      setPhase({
        kind: "failed",
        text: err instanceof ApiRequestError ? err.message : "Could not start the sign-in. Try again.",
      });
      return;
    }
    waiting.current = true;
    setPhase({ kind: "waiting" });
    clearInterval(timer.current);
    timer.current = setInterval(() => {
      if (!win.closed) return;
      clearInterval(timer.current);
      // Still listening: a report that arrives late (over the channel) is taken.
      if (waiting.current) setPhase({ kind: "closed" });
    }, 500);
  }

  function cancel() {
    waiting.current = false;
    clearInterval(timer.current);
    popup.current?.close();
    setPhase({ kind: "idle" });
  }

  const busy = phase.kind === "starting" || phase.kind === "waiting";
  const status =
    phase.kind === "starting"
      ? "Opening the sign-in window…"
      : phase.kind === "waiting"
        ? `Waiting for ${props.componentName}: finish signing in in the pop-up window.`
        : phase.kind === "done"
          ? phase.text
          : phase.kind === "failed"
            ? `Not connected: ${phase.text}`
            : phase.kind === "closed"
              ? "The sign-in window was closed before the connection finished. Nothing was saved; try again."
              : null;

  return (
    <div className="space-y-3">
      {props.fields?.map((f) => (
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
          disabled={busy}
        />
      ))}
      {!props.secretId && props.workspaces && props.workspaces.length > 1 ? (
        <SelectField
          label="Workspace"
          value={workspace}
          onChange={(e) => setWorkspace(e.target.value)}
          options={props.workspaces.map((w) => ({ value: w.slug, label: w.name }))}
          disabled={busy}
        />
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button variant={props.variant ?? "primary"} onClick={connect} disabled={!hydrated || busy}>
          {props.label ?? `Connect ${props.componentName}`}
        </Button>
        {phase.kind === "waiting" ? (
          <Button variant="ghost" onClick={cancel}>
            Cancel
          </Button>
        ) : null}
      </div>
      <p
        role="status"
        aria-live="polite"
        className={
          phase.kind === "failed" || phase.kind === "closed" ? "text-sm text-red-700" : "text-sm text-slate-700"
        }
      >
        {status}
      </p>
    </div>
  );
}
