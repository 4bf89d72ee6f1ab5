"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { TryItResult } from "@/lib/signing/public";
import { tryItAction } from "./try-it-action";

/** Signs a fixed sample payload with the key on the server and verifies it, to show the key works. */
export function TryIt({ secretId }: { secretId: string }) {
  const hydrated = useHydrated();
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<TryItResult | { error: string } | null>(null);

  async function run() {
    setPending(true);
    try {
      setResult(await tryItAction(secretId));
    } catch {
      setResult({ error: "Could not run the sample. Try again." });
    } finally {
      setPending(false);
    }
  }

  return (
    <section aria-labelledby="try-it-title" className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <h3 id="try-it-title" className="text-sm font-semibold text-slate-900">
          Try it
        </h3>
        <Button variant="secondary" size="sm" onClick={run} disabled={pending || !hydrated}>
          Sign and verify a sample
        </Button>
      </div>
      <p role="status" aria-live="polite" className="text-sm text-slate-700">
        {pending
          ? "Signing…"
          : result === null
            ? 'Signs {"sample": true} for the audience urn:integration-center:try-it, valid for 60 seconds.'
            : "error" in result
              ? `Could not sign: ${result.error}`
              : result.valid
                ? `Signed and verified with key ${String(result.header?.kid ?? "")}.`
                : `Signed, but verification failed (${result.reason}).`}
      </p>
      {result && !("error" in result) ? (
        <dl className="grid gap-2 text-xs">
          <dt className="font-medium text-slate-600">Token</dt>
          <dd>
            <code className="block font-mono break-all text-slate-900">{result.jws}</code>
          </dd>
          <dt className="font-medium text-slate-600">Header</dt>
          <dd>
            <code className="font-mono break-all">{JSON.stringify(result.header)}</code>
          </dd>
          <dt className="font-medium text-slate-600">Payload</dt>
          <dd>
            <code className="font-mono break-all">{JSON.stringify(result.payload)}</code>
          </dd>
        </dl>
      ) : null}
    </section>
  );
}
