"use client";

import { useId, useState, type ReactNode } from "react";
import { messages as m } from "@/app/embed/messages";
import { ApiRequestError, type ApiRequester } from "@/components/forms/api-request";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { OAuthResultMessage } from "@/lib/oauth/flow-schemas";
import { describeVerification } from "@/lib/verify/describe";
import { deleteConnection, verifyConnection } from "./embed-api";
import { EmbedOAuthButton } from "./oauth-button-client";
import type { Connection, EmbedComponent } from "./types";

const tones: Record<string, "success" | "neutral" | "danger"> = { active: "success", expired: "neutral" };

/** A connection's status, in the messages file's words, with its detail below. */
export function ConnectionStatus({ connection }: { connection: Connection }) {
  return (
    <div>
      <Badge tone={tones[connection.status] ?? "danger"}>{m.status[connection.status] ?? connection.status}</Badge>
      {connection.statusDetail ? <p className="mt-1 text-xs text-slate-600">{connection.statusDetail}</p> : null}
    </div>
  );
}

export type RowActions = {
  request: ApiRequester;
  oauthMode: "popup" | "redirect";
  returnTo: string | null;
  onTested: (c: Connection, ok: boolean) => void;
  onDeleted: (c: Connection) => void;
  onReauthorized: (c: Connection, result: OAuthResultMessage) => void;
  onNotice: (notice: { ok: boolean; text: string }) => void;
};

type Props = RowActions & {
  connection: Connection;
  component: EmbedComponent | undefined;
  highlighted?: boolean;
  /** Replaces the manage actions (pick mode's "Use this connection"). */
  primary?: ReactNode;
};

/**
 * One connection: name, status and when it was last checked, with Test, Re-authorize (OAuth)
 * and Delete, which asks for confirmation in place. Values are never here: the list is masked.
 */
export function ConnectionRow({ connection: c, component, highlighted, primary, ...actions }: Props) {
  const hydrated = useHydrated();
  const nameId = useId();
  const [busy, setBusy] = useState<"test" | "delete" | null>(null);
  const [confirming, setConfirming] = useState(false);
  const authClientId =
    typeof c.value.authClientId === "string" ? c.value.authClientId : (component?.oauth?.authClientId ?? null);
  const canReauthorize = c.type === "OA2_AUTHORIZATION_CODE" && !!authClientId;

  async function test() {
    setBusy("test");
    try {
      const r = (await verifyConnection(actions.request, c.id))!;
      actions.onNotice({
        ok: r.ok,
        text: r.ok
          ? m.testOk(c.name)
          : `${m.testFailed(c.name, describeVerification(r))}${r.class === "blocked" ? `. ${m.blockedHelp}` : ""}`,
      });
      actions.onTested(c, r.ok);
    } catch (err) {
      actions.onNotice({ ok: false, text: m.testFailed(c.name, errorText(err)) });
    } finally {
      setBusy(null);
    }
  }

  async function remove() {
    setBusy("delete");
    try {
      await deleteConnection(actions.request, c.id);
      actions.onNotice({ ok: true, text: m.removed(c.name) });
      actions.onDeleted(c);
    } catch (err) {
      const detail = err instanceof ApiRequestError && err.code === "in_use" ? m.inUse : errorText(err);
      actions.onNotice({ ok: false, text: m.removeFailed(detail) });
      setConfirming(false);
    } finally {
      setBusy(null);
    }
  }

  return (
    <li
      aria-labelledby={nameId}
      className={cn(
        "rounded-lg bg-white px-4 py-3 shadow-sm ring-1 ring-slate-200",
        highlighted && "ring-2 ring-brand-500",
      )}
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 flex-1">
          <p id={nameId} className="truncate text-sm font-medium text-slate-900">
            {c.name}
          </p>
          <p className="mt-0.5 text-xs text-slate-500">
            {c.lastVerifiedAt ? m.lastVerified(new Date(c.lastVerifiedAt).toLocaleString()) : m.neverVerified}
          </p>
        </div>
        <ConnectionStatus connection={c} />
      </div>
      {confirming ? (
        <div role="group" aria-label={m.removeConfirmTitle(c.name)} className="mt-3 rounded-md bg-red-50 px-3 py-2">
          <p className="text-sm font-medium text-red-800">{m.removeConfirmTitle(c.name)}</p>
          <p className="mt-1 text-sm text-red-800">{m.removeConfirmBody}</p>
          <div className="mt-2 flex flex-wrap gap-2">
            <Button variant="danger" size="sm" onClick={remove} disabled={busy !== null}>
              {m.removeConfirm}
            </Button>
            <Button variant="secondary" size="sm" onClick={() => setConfirming(false)} disabled={busy !== null}>
              {m.cancel}
            </Button>
          </div>
        </div>
      ) : (
        <div className="mt-3 flex flex-wrap items-start gap-2">
          {primary}
          {component?.form.hasDryRun ? (
            <Button variant="secondary" size="sm" onClick={test} disabled={!hydrated || busy !== null}>
              {busy === "test" ? m.testing : m.test}
            </Button>
          ) : null}
          {canReauthorize ? (
            <EmbedOAuthButton
              app={component?.form.name ?? c.name}
              authClientId={authClientId!}
              request={actions.request}
              secretId={c.id}
              mode={actions.oauthMode}
              returnTo={actions.returnTo}
              label={m.reauthorize}
              variant="secondary"
              size="sm"
              onResult={(result) => actions.onReauthorized(c, result)}
            />
          ) : null}
          {primary ? null : (
            <Button
              variant="secondary"
              size="sm"
              onClick={() => setConfirming(true)}
              disabled={!hydrated || busy !== null}
            >
              {m.remove}
            </Button>
          )}
        </div>
      )}
    </li>
  );
}

function errorText(err: unknown): string {
  return err instanceof ApiRequestError ? err.message : m.networkError;
}
