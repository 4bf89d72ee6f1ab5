"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiRequest, ApiRequestError } from "@/components/forms/api-request";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/components/ui/use-hydrated";
import { useToast } from "@/components/ui/toast";

function useAction(run: () => Promise<unknown>, done: string) {
  const router = useRouter();
  const toast = useToast();
  const [pending, setPending] = useState(false);
  return {
    pending,
    async go() {
      setPending(true);
      try {
        await run();
        toast.success(done);
        router.refresh();
      } catch (err) {
        toast.error(err instanceof ApiRequestError ? err.message : "Something went wrong. Try again.");
      } finally {
        setPending(false);
      }
    },
  };
}

/** Turns the unauthenticated JWKS URL on or off (`PATCH {publishJwks}`). */
export function PublishJwksButton({ secretId, published }: { secretId: string; published: boolean }) {
  const hydrated = useHydrated();
  const { pending, go } = useAction(
    () => apiRequest(`/api/v1/secrets/${secretId}`, "PATCH", { publishJwks: !published }),
    published ? "The JWKS URL is no longer published." : "The JWKS URL is published.",
  );
  return (
    <Button variant="secondary" size="sm" onClick={go} disabled={pending || !hydrated}>
      {published ? "Stop publishing" : "Publish JWKS URL"}
    </Button>
  );
}

/** A new key and kid; the old key keeps verifying for a day (the API's default grace period). */
export function RotateKeyButton({ secretId }: { secretId: string }) {
  const hydrated = useHydrated();
  const { pending, go } = useAction(
    () => apiRequest(`/api/v1/secrets/${secretId}/rotate`, "POST", {}),
    "Rotated: new tokens use the new key; the old one keeps verifying for a day.",
  );
  return (
    <Button variant="secondary" size="sm" onClick={go} disabled={pending || !hydrated}>
      Rotate key
    </Button>
  );
}
