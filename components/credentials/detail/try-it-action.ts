"use server";

import { z } from "zod";
import { getDb } from "@/db/client";
import { ApiError } from "@/lib/api/errors";
import { requireRole } from "@/lib/auth/session";
import { trySigningKey } from "@/lib/signing/operations";
import type { TryItResult } from "@/lib/signing/public";

/**
 * The detail page's "Try it": signs the fixed sample with the key and verifies it. Admins
 * and developers only, like every change on that page. Members never choose the payload,
 * so no token worth having leaves (docs/architecture.md › Signing keys).
 */
export async function tryItAction(secretId: string): Promise<TryItResult | { error: string }> {
  const me = await requireRole("admin", "developer");
  const id = z.uuid().safeParse(secretId);
  if (!id.success) return { error: "Credential not found" };
  try {
    return await trySigningKey(await getDb(), {
      scope: { tenantId: me.tenantId },
      id: id.data,
      audit: { caller: { kind: "member", tenantId: me.tenantId, userId: me.userId, email: me.email, role: me.role } },
    });
  } catch (err) {
    if (err instanceof ApiError) return { error: err.message };
    throw err;
  }
}
