"use client";

import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { apiRequest, ApiRequestError } from "@/components/forms/api-request";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/components/ui/use-hydrated";
import { describeVerification } from "@/lib/verify/describe";
import { BLOCKED_EXPLANATION, cancelledNotice, SubmitStatus, type Failure, type Outcome } from "../form/submit-status";
import { useCancellable } from "../form/use-cancellable";

type VerifyResult = { ok: boolean; class: string; status?: number; durationMs: number };

/**
 * Runs the dry run now; the server records the outcome in status and history, so the page
 * refreshes. `children` are the page's other actions (Edit, Delete): they share the button
 * row, and the progress and result go in their own region below it, so nothing in the row
 * moves when the answer comes.
 */
export function TestConnectionButton({ secretId, children }: { secretId: string; children?: ReactNode }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const run = useCancellable();
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);

  async function test() {
    setPending(true);
    setOutcome(null);
    setFailure(null);
    const signal = run.start();
    try {
      const r = (await apiRequest<VerifyResult>(`/api/v1/secrets/${secretId}/verify`, "POST", undefined, { signal }))!;
      setOutcome({
        ok: r.ok,
        text: `${r.ok ? "Test passed" : "Test failed"}: ${describeVerification(r)}.`,
        // The same words as the forms: what is refused, and what an operator can do.
        detail: r.class === "blocked" ? BLOCKED_EXPLANATION : undefined,
      });
      router.refresh();
    } catch (err) {
      if (signal.aborted) setFailure(cancelledNotice("check"));
      else
        setOutcome({
          ok: false,
          text: `Test failed: ${err instanceof ApiRequestError ? err.message : "Could not run the test. Try again."}`,
        });
    } finally {
      run.finish();
      setPending(false);
    }
  }

  return (
    <div className="w-full space-y-3">
      <div className="flex flex-wrap items-start gap-3">
        <Button variant="secondary" onClick={test} disabled={pending || !hydrated}>
          Test connection
        </Button>
        {children}
      </div>
      <SubmitStatus
        pending={pending}
        pendingText="Testing the connection…"
        failure={failure}
        outcome={outcome}
        startedAt={run.startedAt}
        onCancel={run.cancel}
      />
    </div>
  );
}
