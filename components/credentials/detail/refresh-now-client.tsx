"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiRequest, ApiRequestError } from "@/components/forms/api-request";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { useHydrated } from "@/components/ui/use-hydrated";

type Outcome = { ok: boolean; text: string };

/**
 * Refresh now (POST /secrets/{id}/refresh): asks the provider for a new access token, or,
 * for session auth, logs in again (`session`).
 */
export function RefreshNowButton({
  secretId,
  hasRefreshToken,
  linked,
  session = false,
}: {
  secretId: string;
  hasRefreshToken: boolean;
  linked: boolean;
  session?: boolean;
}) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const unavailable = !hasRefreshToken
    ? "There is no refresh token to refresh with."
    : !linked
      ? "No auth client is linked to refresh with."
      : null;

  async function refresh() {
    setPending(true);
    setOutcome(null);
    try {
      await apiRequest(`/api/v1/secrets/${secretId}/refresh`, "POST");
      setOutcome({
        ok: true,
        text: session ? "Logged in again: a new token is stored." : "Refreshed: a new access token is stored.",
      });
      router.refresh();
    } catch (err) {
      const text =
        err instanceof ApiRequestError && err.code === "needs_reauth"
          ? session
            ? "The login was refused: enter the credentials again."
            : "The provider no longer accepts the refresh token: re-authorize."
          : err instanceof ApiRequestError
            ? err.message
            : "Could not refresh. Try again.";
      setOutcome({ ok: false, text });
      if (err instanceof ApiRequestError && err.code === "needs_reauth") router.refresh();
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="space-y-2">
      <Button
        variant="secondary"
        onClick={refresh}
        disabled={!hydrated || pending || !!unavailable}
        aria-describedby={unavailable ? "refresh-why" : undefined}
      >
        Refresh now
      </Button>
      {unavailable ? (
        <p id="refresh-why" className="text-xs text-slate-500">
          {unavailable}
        </p>
      ) : null}
      <p
        role="status"
        aria-live="polite"
        className={cn("text-sm", outcome && !outcome.ok ? "text-red-700" : "text-slate-700")}
      >
        {pending ? "Refreshing…" : outcome?.text}
      </p>
    </div>
  );
}
