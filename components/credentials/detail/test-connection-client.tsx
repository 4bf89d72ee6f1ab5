"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiRequest, ApiRequestError } from "@/components/forms/api-request";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { useHydrated } from "@/components/ui/use-hydrated";
import { describeVerification } from "@/lib/verify/describe";

type VerifyResult = { ok: boolean; class: string; status?: number; durationMs: number };
type Outcome = { ok: boolean; text: string };

/** Runs the dry run now; the server records the outcome in status and history, so the page refreshes. */
export function TestConnectionButton({ secretId }: { secretId: string }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  async function test() {
    setPending(true);
    setOutcome(null);
    try {
      const r = (await apiRequest<VerifyResult>(`/api/v1/secrets/${secretId}/verify`, "POST"))!;
      setOutcome({ ok: r.ok, text: `${describeVerification(r)}.` });
      router.refresh();
    } catch (err) {
      setOutcome({
        ok: false,
        text: err instanceof ApiRequestError ? err.message : "Could not run the test. Try again.",
      });
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button variant="secondary" onClick={test} disabled={pending || !hydrated}>
        Test connection
      </Button>
      <p
        role="status"
        aria-live="polite"
        className={cn("text-sm", outcome && !outcome.ok ? "text-red-700" : "text-slate-700")}
      >
        {pending
          ? "Testing the connection…"
          : outcome
            ? `${outcome.ok ? "Test passed" : "Test failed"}: ${outcome.text}`
            : null}
      </p>
    </div>
  );
}
