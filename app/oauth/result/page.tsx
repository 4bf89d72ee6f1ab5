import type { Metadata } from "next";
import { z } from "zod";
import { OAuthResult } from "@/components/oauth/result-client";

export const metadata: Metadata = { title: "Connection" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// Only an id or a short error code is taken from the URL; anything else is ignored.
const querySchema = z.object({
  secretId: z.uuid().optional().catch(undefined),
  error: z
    .string()
    .regex(/^[a-z_]{1,40}$/)
    .optional()
    .catch(undefined),
});

/**
 * Where the OAuth callback sends the browser: in a popup, it tells `window.opener` the
 * outcome at this service's own origin and closes; opened directly, it shows the outcome.
 */
export default async function OAuthResultPage({ searchParams }: Props) {
  const { secretId, error } = querySchema.parse(await searchParams);
  const outcome = secretId ? { ok: true as const, secretId } : { ok: false as const, error: error ?? "unknown" };
  return (
    <main className="mx-auto max-w-md px-4 py-16">
      <OAuthResult outcome={outcome} />
    </main>
  );
}
