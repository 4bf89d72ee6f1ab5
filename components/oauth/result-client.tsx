"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { OAUTH_MESSAGE_TYPE, type OAuthResultMessage } from "@/lib/oauth/flow-schemas";

type Outcome = { ok: true; secretId: string } | { ok: false; error: string };

/**
 * Reports the outcome to the window that opened the popup: `postMessage` with this page's own
 * exact origin as the target (never `*`), so only a dashboard page of this service hears it,
 * and the same message on a same-origin BroadcastChannel for providers whose
 * Cross-Origin-Opener-Policy cut the popup off from its opener. Then it closes the popup.
 * Without an opener it says what happened and links on.
 */
export function OAuthResult({ outcome }: { outcome: Outcome }) {
  const [popup, setPopup] = useState<boolean | null>(null);

  useEffect(() => {
    const message: OAuthResultMessage = outcome.ok
      ? { type: OAUTH_MESSAGE_TYPE, ok: true, secretId: outcome.secretId }
      : { type: OAUTH_MESSAGE_TYPE, ok: false, error: outcome.error };
    const opener = window.opener as Window | null;
    if (opener) {
      try {
        opener.postMessage(message, window.location.origin);
      } catch {
        // The opener navigated elsewhere; the channel below still reaches our own pages.
      }
    }
    if (typeof BroadcastChannel !== "undefined") {
      const channel = new BroadcastChannel(OAUTH_MESSAGE_TYPE);
      channel.postMessage(message);
      channel.close();
    }
    // setState in an effect: whether this is a popup is only known in the browser.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setPopup(!!opener);
    if (opener) window.close();
  }, [outcome]);

  return (
    <div role="status" aria-live="polite" className="space-y-3 text-sm text-slate-700">
      <h1 className="text-lg font-semibold text-slate-900">{outcome.ok ? "Connected" : "Not connected"}</h1>
      <p>
        {outcome.ok
          ? "The account is connected and its tokens are stored."
          : `The connection did not complete (${outcome.error}).`}
        {popup ? " You can close this window." : null}
      </p>
      {popup === false ? (
        <p>
          <Link
            href={outcome.ok ? `/credentials/${outcome.secretId}` : "/credentials/new"}
            className="font-medium text-brand-600 underline-offset-2 hover:underline"
          >
            {outcome.ok ? "Open the credential" : "Try again"}
          </Link>
        </p>
      ) : null}
    </div>
  );
}
