"use client";

import { useEffect, useState } from "react";
import { ApiRequestError } from "@/components/forms/api-request";
import { Button } from "@/components/ui/button";

export type Failure = { title: string; message: string; detail?: string; tone?: "error" | "info" };
/** A finished check, announced in the status region (the detail page's Test connection). */
export type Outcome = { ok: boolean; text: string; detail?: string };

/** What a `blocked` dry run means, and what an operator can do about it. */
export const BLOCKED_EXPLANATION =
  "Private, loopback and link-local addresses (such as 10.x, 192.168.x, 127.0.0.1 and cloud metadata) are refused, so a credential cannot be sent into the server's own network. An operator can allow a host with the OUTBOUND_ALLOW_HOSTS setting.";

/** True for a dry run refused by the address policy (a private or loopback target). */
export const isBlocked = (err: unknown) =>
  err instanceof ApiRequestError && (err.extra.verification as { class?: string } | undefined)?.class === "blocked";

/** A 422 from the dry run, in the server's plain words (lib/verify/describe.ts); null for anything else. */
export function verificationFailure(err: unknown, saved: "create" | "update"): Failure | null {
  if (!(err instanceof ApiRequestError) || err.code !== "verification_failed") return null;
  const nothing = `${saved === "create" ? "Nothing was saved" : "Nothing was changed"}.`;
  return {
    title: "The connection test failed",
    message: err.message,
    detail: isBlocked(err) ? `${BLOCKED_EXPLANATION} ${nothing}` : `${nothing} Check the details above and try again.`,
  };
}

/**
 * The notice after Cancel. A create or update was aborted before anything was stored; a
 * check of a stored credential ("check") only stops waiting: the server may still finish it.
 */
export function cancelledNotice(saved: "create" | "update" | "check"): Failure {
  return {
    tone: "info",
    title: "Test cancelled",
    message:
      saved === "check"
        ? "Stopped waiting for the answer. If the check still finishes, its result shows in the status history."
        : `${saved === "create" ? "Nothing was saved" : "Nothing was changed"}. Your entries are still in the form.`,
  };
}

/** Whole seconds since `since`, ticking while mounted. */
function useElapsed(since: number): number {
  const [now, setNow] = useState(since);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [since]);
  return Math.max(0, Math.floor((now - since) / 1000));
}

function Elapsed({ since }: { since: number }) {
  const seconds = useElapsed(since);
  // Outside the live region: announcing every second would drown out the rest.
  return (
    <span role="timer" aria-label="Elapsed time" className="text-sm text-slate-500 tabular-nums">
      {seconds} s
    </span>
  );
}

/**
 * Under the form's buttons: progress while the dry run runs (a polite live region that
 * is always in the page, so the change is announced), the seconds it has taken and a
 * Cancel, then a failure in plain words, or an `outcome` announced in the same region. With
 * `reserve` it sits under the buttons with a minimum height, so the result appearing never
 * moves them. The failure stays until the next attempt.
 */
export function SubmitStatus({
  pending,
  pendingText,
  failure,
  outcome = null,
  startedAt,
  onCancel,
  cancelLabel = "Cancel test",
  reserve = false,
}: {
  pending: boolean;
  pendingText: string;
  failure: Failure | null;
  /** A finished check, said in the status region itself (red when it failed). */
  outcome?: Outcome | null;
  /** When the request started (Date.now()); shows the elapsed seconds while pending. */
  startedAt?: number | null;
  /** Aborts the request in flight; shown as a button while pending. */
  onCancel?: () => void;
  cancelLabel?: string;
  /** Keep room for a result below the buttons, so its arrival moves nothing (the credential forms). */
  reserve?: boolean;
}) {
  const info = failure?.tone === "info";
  return (
    <div className={reserve ? "min-h-28 space-y-2" : "min-w-0 flex-1 space-y-2"}>
      <div className="flex flex-wrap items-center gap-3">
        <p
          role="status"
          aria-live="polite"
          className={outcome && !outcome.ok && !pending ? "text-sm text-red-700" : "text-sm text-slate-600"}
        >
          {pending ? (
            <>
              <span
                aria-hidden="true"
                className="mr-2 inline-block size-3 animate-spin rounded-full border-2 border-brand-600 border-t-transparent align-middle"
              />
              {pendingText}
            </>
          ) : outcome ? (
            <>
              {outcome.text}
              {outcome.detail ? <span className="mt-1 block text-slate-700">{outcome.detail}</span> : null}
            </>
          ) : null}
        </p>
        {pending && startedAt ? <Elapsed since={startedAt} /> : null}
        {pending && onCancel ? (
          <Button variant="secondary" size="sm" onClick={onCancel}>
            {cancelLabel}
          </Button>
        ) : null}
      </div>
      {failure && !pending ? (
        <div
          role={info ? "status" : "alert"}
          className={
            info
              ? "rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-800 ring-1 ring-slate-200"
              : "rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200"
          }
        >
          <p className="font-semibold">{failure.title}</p>
          <p>{failure.message}</p>
          {failure.detail ? <p className={info ? "mt-1" : "mt-1 text-red-700"}>{failure.detail}</p> : null}
        </div>
      ) : null}
    </div>
  );
}
