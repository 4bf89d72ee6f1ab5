"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiRequest } from "@/components/forms/api-request";
import { Button } from "@/components/ui/button";
import { TextField, SelectField } from "@/components/ui/field";
import { useHydrated } from "@/components/ui/use-hydrated";
import { useOAuthPopup } from "./use-oauth-popup";

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

/** Why a sign-in failed: the server's or provider's words, else its code. */
function failureText(phase: { code: string; message?: string }): string {
  if (phase.message) return phase.message;
  return phase.code === "start_failed"
    ? "Could not start the sign-in. Try again."
    : `The connection failed (${phase.code}).`;
}

/**
 * Connect (or Re-authorize) with OAuth: opens the provider in a popup (useOAuthPopup), shows
 * progress while it is open, and goes to the credential's page when the popup reports back.
 */
export function ConnectButton(props: Props) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [workspace, setWorkspace] = useState(props.defaultWorkspace ?? props.workspaces?.[0]?.slug ?? "");
  const [config, setConfig] = useState<Record<string, string>>({});
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const { phase, start, cancel, busy } = useOAuthPopup((m) => {
    if (!m.ok) return;
    router.push(`/credentials/${m.secretId}`);
    router.refresh();
  });

  async function connect() {
    const missing = Object.fromEntries(
      (props.fields ?? [])
        .filter((f) => f.required && !config[f.name]?.trim())
        .map((f) => [f.name, `Enter the ${f.label.toLowerCase()}`]),
    );
    setFieldErrors(missing);
    if (Object.keys(missing).length > 0) return;
    const body = {
      ...(props.secretId ? { secretId: props.secretId } : workspace ? { workspace } : {}),
      ...(props.fields?.length
        ? { config: Object.fromEntries(Object.entries(config).filter(([, v]) => v.trim())) }
        : {}),
    };
    await start(async () => {
      const flow = await apiRequest<{ authUrl: string }>(
        `/api/v1/auth-clients/${props.authClientId}/start-flow`,
        "POST",
        body,
      );
      return flow!.authUrl;
    });
  }

  const status =
    phase.kind === "starting"
      ? "Opening the sign-in window…"
      : phase.kind === "waiting"
        ? `Waiting for ${props.componentName}: finish signing in in the pop-up window.`
        : phase.kind === "done"
          ? props.secretId
            ? "Re-authorized."
            : "Connected. Opening the credential…"
          : phase.kind === "failed"
            ? `Not connected: ${failureText(phase)}`
            : phase.kind === "blocked"
              ? "Not connected: Your browser blocked the sign-in window. Allow pop-ups for this site and try again."
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
          phase.kind === "failed" || phase.kind === "blocked" || phase.kind === "closed"
            ? "text-sm text-red-700"
            : "text-sm text-slate-700"
        }
      >
        {status}
      </p>
    </div>
  );
}
