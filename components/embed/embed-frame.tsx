"use client";

import { useEffect, useRef, type ReactNode } from "react";
import { messages as m } from "@/app/embed/messages";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { accentStyle, type EmbedTheme } from "./theme";

type Props = {
  branding: { name?: string; accentColor?: string; logoUrl?: string };
  theme: EmbedTheme;
  /** Shown when a host page listens: asks it to close the embed (the `close` event). */
  onClose?: () => void;
  notice: { ok: boolean; text: string } | null;
  /** Focus moves to the content when this changes (a new view), so keyboard users land on it. */
  focusKey: string;
  children: ReactNode;
};

/**
 * The embed's page: the tenant's branding (logo, name, accent colour), the theme, a polite
 * live region for outcomes, and the content. It fills the iframe from 360 px up and centres
 * on a full page (a connect link).
 */
export function EmbedFrame({ branding, theme, onClose, notice, focusKey, children }: Props) {
  const main = useRef<HTMLElement>(null);
  const shown = useRef(focusKey);
  useEffect(() => {
    // Only on a change: a page that merely loads must not take the focus from its host.
    if (shown.current === focusKey) return;
    shown.current = focusKey;
    main.current?.focus();
  }, [focusKey]);

  return (
    <div className="ic-embed min-h-screen" data-theme={theme} style={accentStyle(branding.accentColor, theme)}>
      <div className="mx-auto flex min-h-screen w-full max-w-3xl flex-col gap-4 px-4 py-4 sm:px-6 sm:py-6">
        <header className="flex items-center gap-3 border-b border-slate-200 pb-3">
          {branding.logoUrl ? (
            // eslint-disable-next-line @next/next/no-img-element -- the tenant's own logo URL; next/image would proxy it
            <img
              src={branding.logoUrl}
              alt=""
              referrerPolicy="no-referrer"
              className="h-8 w-auto max-w-32 shrink-0 object-contain"
            />
          ) : null}
          <div className="min-w-0 flex-1">
            {branding.name ? <p className="truncate text-xs font-medium text-slate-500">{branding.name}</p> : null}
            <h1 className="truncate text-lg font-semibold text-slate-900">{m.title}</h1>
          </div>
          {onClose ? (
            <Button variant="ghost" size="sm" onClick={onClose}>
              {m.close}
            </Button>
          ) : null}
        </header>
        <p
          role="status"
          aria-live="polite"
          className={cn(
            "text-sm empty:hidden",
            notice &&
              (notice.ok
                ? "rounded-md bg-green-50 px-3 py-2 text-green-800"
                : "rounded-md bg-red-50 px-3 py-2 text-red-800"),
          )}
        >
          {notice?.text}
        </p>
        <main ref={main} tabIndex={-1} className="flex-1 outline-none">
          {children}
        </main>
        <footer className="text-center text-xs text-slate-500">{m.poweredBy}</footer>
      </div>
    </div>
  );
}
