import { z } from "zod";

/*
 * The embed's postMessage protocol with its host page (public/embed.js speaks the same, in
 * plain JavaScript; keep the two in step). Every message carries `source`, so a host can tell
 * ours from its own. Events carry ids and codes, never a value.
 */

export const EMBED_SOURCE = "integration-center";

/** What the embed tells its host. */
export type EmbedEvent =
  | { type: "ready" }
  | { type: "connection.created"; secretId: string; componentId: string | null }
  | { type: "connection.updated"; secretId: string; componentId: string | null; status?: string }
  | { type: "connection.deleted"; secretId: string; componentId: string | null }
  | { type: "connection.failed"; code: string; componentId?: string | null }
  | { type: "connection.selected"; secretId: string; componentId: string | null }
  | { type: "close" };

/** What a host may ask of the embed: switch the theme, or reload the connections. */
export const embedCommandSchema = z.discriminatedUnion("command", [
  z.object({ source: z.literal(EMBED_SOURCE), command: z.literal("theme"), theme: z.enum(["light", "dark"]) }),
  z.object({ source: z.literal(EMBED_SOURCE), command: z.literal("refresh") }),
]);
export type EmbedCommand = z.infer<typeof embedCommandSchema>;

/**
 * The window the embed reports to: the page framing it, or the page that opened it as a
 * window; none for a connect link opened on its own.
 */
export function hostWindow(): Window | null {
  if (window.parent && window.parent !== window) return window.parent;
  return (window.opener as Window | null) ?? null;
}

/**
 * Posts an event to the host, once per allowed origin with that origin as the target, never
 * `*`: the browser delivers it only if the host really is at that origin, so a page at any
 * other origin that frames or opens the embed hears nothing.
 */
export function postToHost(origins: readonly string[], event: EmbedEvent): void {
  const host = hostWindow();
  if (!host) return;
  for (const origin of origins) {
    try {
      host.postMessage({ source: EMBED_SOURCE, ...event }, origin);
    } catch {
      // A malformed origin cannot reach here (the server checks them); nothing to do.
    }
  }
}

/**
 * A host's command, or null: only from the host window itself, at one of the allowed exact
 * origins, and well formed. Everything else (another origin, another frame, junk) is ignored.
 */
export function commandFrom(event: MessageEvent, origins: readonly string[]): EmbedCommand | null {
  const host = hostWindow();
  if (!host || event.source !== host || !origins.includes(event.origin)) return null;
  const parsed = embedCommandSchema.safeParse(event.data);
  return parsed.success ? parsed.data : null;
}
