"use server";

import { getDb } from "@/db/client";
import { createConnectSession, PREVIEW_USERNAME } from "@/lib/auth/connect-sessions";
import { requireRole } from "@/lib/auth/session";

export type EmbedPreview = { url: string; expiresAt: string; username: string };

/**
 * A fresh connect session for the Embed preview, minted with the signed-in admin's own
 * tenant context: no API key is involved, and none reaches the browser. The browser gets
 * only what any embed gets, the session's /embed URL. It is framed by our own origin, so it
 * works before any embed origin is configured.
 */
export async function startEmbedPreview(): Promise<EmbedPreview> {
  const me = await requireRole("admin");
  const session = await createConnectSession(await getDb(), {
    tenantId: me.tenantId,
    input: { username: PREVIEW_USERNAME },
    preview: true,
    createdBy: me.userId,
    audit: { caller: { kind: "member", tenantId: me.tenantId, userId: me.userId, email: me.email, role: me.role } },
  });
  // Same-origin path: the dashboard and the frame must share the origin the session names.
  const { pathname, search } = new URL(session.url);
  return { url: pathname + search, expiresAt: session.expiresAt, username: PREVIEW_USERNAME };
}
