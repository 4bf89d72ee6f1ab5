"use client";

import { useEffect, useId, useRef, useState, useTransition } from "react";
import { startEmbedPreview, type EmbedPreview } from "@/app/(dashboard)/settings/embed/actions";
import { EMBED_SOURCE } from "@/components/embed/protocol";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import { useHydrated } from "@/components/ui/use-hydrated";

type Heard = { n: number; type: string; detail: string };

/**
 * The Embed preview: a demo host page inside the dashboard. It frames /embed with a fresh
 * connect session for the test end user (minted by a server action, so no API key reaches
 * the browser) and lists the events the embed posts, as a tenant's page would hear them.
 * Only messages from its own frame at our own origin count.
 */
export function EmbedPreviewPanel() {
  const titleId = useId();
  const hydrated = useHydrated();
  const [preview, setPreview] = useState<EmbedPreview | null>(null);
  const [failed, setFailed] = useState(false);
  const [events, setEvents] = useState<Heard[]>([]);
  const [pending, startTransition] = useTransition();
  const frame = useRef<HTMLIFrameElement>(null);
  const seq = useRef(0);

  useEffect(() => {
    const onMessage = (e: MessageEvent) => {
      if (e.origin !== window.location.origin || e.source !== frame.current?.contentWindow) return;
      const data = e.data as { source?: unknown; type?: unknown; secretId?: unknown; code?: unknown } | null;
      if (data?.source !== EMBED_SOURCE || typeof data.type !== "string") return;
      const detail = [data.secretId, data.code].filter((x) => typeof x === "string").join(" ");
      setEvents((list) => [{ n: ++seq.current, type: data.type as string, detail }, ...list].slice(0, 20));
    };
    window.addEventListener("message", onMessage);
    return () => window.removeEventListener("message", onMessage);
  }, []);

  const open = () =>
    startTransition(async () => {
      setFailed(false);
      try {
        setPreview(await startEmbedPreview());
        setEvents([]);
      } catch {
        setFailed(true);
      }
    });

  return (
    <Card aria-labelledby={titleId}>
      <CardHeader
        titleId={titleId}
        title="Embed preview"
        description="The embed as your end users see it, with the branding above, for a test end user. Credentials you add here are stored for that end user."
        actions={
          <Button variant={preview ? "secondary" : "primary"} onClick={open} disabled={!hydrated || pending}>
            {pending ? "Starting…" : preview ? "New preview session" : "Open preview"}
          </Button>
        }
      />
      <CardBody className="space-y-4">
        {failed ? (
          <p role="status" className="text-sm font-medium text-red-600">
            Could not start a preview session. Reload the page and try again.
          </p>
        ) : null}
        {preview ? (
          <>
            <p className="text-sm text-slate-600">
              End user <code className="font-mono text-xs">{preview.username}</code>; this session ends{" "}
              <Time value={preview.expiresAt} />.
            </p>
            <iframe
              key={preview.url}
              ref={frame}
              src={preview.url}
              title="Embed preview"
              className="h-[640px] w-full rounded-md ring-1 ring-slate-200"
            />
            <section aria-label="Events from the embed" aria-live="polite">
              <h3 className="text-sm font-semibold text-slate-900">Events from the embed</h3>
              {events.length === 0 ? (
                <p className="mt-1 text-sm text-slate-500">None yet.</p>
              ) : (
                <ol className="mt-1 space-y-1 font-mono text-xs text-slate-700">
                  {events.map((e) => (
                    <li key={e.n}>
                      {e.type}
                      {e.detail ? ` ${e.detail}` : ""}
                    </li>
                  ))}
                </ol>
              )}
            </section>
          </>
        ) : (
          <p className="text-sm text-slate-500">Open a preview to try the embed here.</p>
        )}
      </CardBody>
    </Card>
  );
}
