"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { OAUTH_MESSAGE_TYPE, type OAuthResultMessage } from "@/lib/oauth/flow-schemas";

/** Where a popup sign-in stands. `failed.message` is the server's or provider's words, when it gave any. */
export type OAuthPhase =
  | { kind: "idle" }
  | { kind: "starting" }
  | { kind: "waiting" }
  | { kind: "done"; secretId: string }
  | { kind: "failed"; code: string; message?: string }
  | { kind: "blocked" }
  | { kind: "closed" };

const POPUP_FEATURES = "popup=yes,width=520,height=720";

/** True for the result page's message (lib/oauth/flow-schemas.ts). */
function isOurMessage(data: unknown): data is OAuthResultMessage {
  return typeof data === "object" && data !== null && (data as { type?: unknown }).type === OAUTH_MESSAGE_TYPE;
}

/**
 * The popup half of Connect, shared by the dashboard's Connect button and the embed: opens a
 * window inside the click (browsers block popups opened later), asks `begin` for the flow's
 * authUrl, sends the window there, and settles when /oauth/result reports back. The report is
 * accepted only from this exact origin and from our own popup, or on a same-origin
 * BroadcastChannel for popups a provider's Cross-Origin-Opener-Policy cut off from their
 * opener (inside a third-party iframe the channel is partitioned away, so there only
 * postMessage arrives; the iframe is our origin, so it hears it). A popup closed without a
 * report is `closed`, and a late report still lands. `onResult` runs once per report.
 */
export function useOAuthPopup(onResult: (m: OAuthResultMessage) => void) {
  const [phase, setPhase] = useState<OAuthPhase>({ kind: "idle" });
  const popup = useRef<Window | null>(null);
  const waiting = useRef(false);
  const timer = useRef<ReturnType<typeof setInterval> | undefined>(undefined);
  const handler = useRef(onResult);
  useEffect(() => {
    handler.current = onResult;
  });

  useEffect(() => {
    function settle(m: OAuthResultMessage) {
      if (!waiting.current) return;
      waiting.current = false;
      clearInterval(timer.current);
      setPhase(m.ok ? { kind: "done", secretId: m.secretId } : { kind: "failed", code: m.error, message: m.message });
      handler.current(m);
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
  }, []);

  /** Call inside the click handler. `begin` starts the flow and resolves to its authUrl; a rejection is `failed`. */
  const start = useCallback(async (begin: () => Promise<string>) => {
    const win = window.open("about:blank", "ic-oauth", POPUP_FEATURES);
    if (!win) {
      setPhase({ kind: "blocked" });
      return;
    }
    popup.current = win;
    setPhase({ kind: "starting" });
    let authUrl: string;
    try {
      authUrl = await begin();
    } catch (err) {
      win.close();
      popup.current = null;
      const e = err as { code?: unknown; message?: unknown; status?: unknown };
      // Only an API error's message is shown; anything else gets the caller's generic text.
      const fromApi = typeof e?.status === "number" && typeof e.message === "string";
      setPhase({
        kind: "failed",
        code: typeof e?.code === "string" ? e.code : "start_failed",
        message: fromApi ? (e.message as string) : undefined,
      });
      return;
    }
    win.location.href = authUrl;
    waiting.current = true;
    setPhase({ kind: "waiting" });
    clearInterval(timer.current);
    timer.current = setInterval(() => {
      if (!win.closed) return;
      clearInterval(timer.current);
      // Still listening: a report that arrives late (over the channel) is taken.
      if (waiting.current) setPhase({ kind: "closed" });
    }, 500);
  }, []);

  const cancel = useCallback(() => {
    waiting.current = false;
    clearInterval(timer.current);
    popup.current?.close();
    setPhase({ kind: "idle" });
  }, []);

  return { phase, start, cancel, busy: phase.kind === "starting" || phase.kind === "waiting" };
}
