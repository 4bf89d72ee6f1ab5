"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiRequest, ApiRequestError } from "@/components/forms/api-request";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useToast } from "@/components/ui/toast";

type Usage = { ref: string; label: string | null; active: boolean };

const usageName = (u: Usage) => (u.label ? `${u.label} (${u.ref})` : u.ref);

/** The usages as they are now: the list on the page may be older than the 409. */
async function activeUsages(secretId: string, fallback: Usage[]): Promise<Usage[]> {
  try {
    const res = await fetch(`/api/v1/secrets/${secretId}/usages`, { credentials: "same-origin" });
    if (!res.ok) return fallback;
    return ((await res.json()) as { data: Usage[] }).data.filter((u) => u.active);
  } catch {
    return fallback;
  }
}

/**
 * Delete behind a confirmation that names the active usages. The server refuses while
 * any is active (409 in_use); then the usages are listed, and `canForce` offers to force it.
 * The page sets `canForce` with `mayForceDelete`, the rule the DELETE handler enforces, so
 * the button is offered exactly to those the server lets through.
 */
export function DeleteCredential({
  secretId,
  name,
  usages,
  canForce,
}: {
  secretId: string;
  name: string;
  usages: Usage[];
  canForce: boolean;
}) {
  const router = useRouter();
  const toast = useToast();
  const [blocked, setBlocked] = useState<Usage[] | null>(null);
  const [forcing, setForcing] = useState(false);
  const active = usages.filter((u) => u.active);

  async function remove(force: boolean) {
    try {
      await apiRequest(`/api/v1/secrets/${secretId}${force ? "?force=true" : ""}`, "DELETE");
    } catch (err) {
      if (err instanceof ApiRequestError && err.code === "in_use")
        return setBlocked(await activeUsages(secretId, active));
      toast.error(err instanceof ApiRequestError ? err.message : "Could not delete the credential.");
      return;
    }
    toast.success(`Deleted "${name}".`);
    router.push("/");
    router.refresh();
  }

  async function forceDelete() {
    setForcing(true);
    await remove(true);
    setForcing(false);
  }

  return (
    <div className="space-y-3">
      <ConfirmDialog
        triggerLabel="Delete"
        triggerSize="md"
        triggerAriaLabel={`Delete ${name}`}
        title={`Delete "${name}"?`}
        description={
          active.length > 0 ? (
            <>
              <p>It is in active use by:</p>
              <ul className="mt-1 list-disc pl-5">
                {active.map((u) => (
                  <li key={u.ref}>{usageName(u)}</li>
                ))}
              </ul>
              <p className="mt-2">Deleting it breaks them. The vault refuses unless an admin forces it.</p>
            </>
          ) : (
            <p>Nothing uses it. The stored value is destroyed and cannot be recovered.</p>
          )
        }
        confirmLabel="Delete credential"
        onConfirm={() => remove(false)}
      />
      {blocked ? (
        <div role="alert" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200">
          <p className="font-semibold">Not deleted: the credential is in use.</p>
          <p className="mt-1">These usages still need it:</p>
          <ul className="mt-1 list-disc pl-5">
            {blocked.map((u) => (
              <li key={u.ref}>{usageName(u)}</li>
            ))}
          </ul>
          {canForce ? (
            <div className="mt-3 flex flex-wrap items-center gap-3">
              <Button variant="danger" size="sm" onClick={forceDelete} disabled={forcing}>
                {forcing ? "Deleting…" : "Delete anyway"}
              </Button>
              <span className="text-xs">The usages above stop working.</span>
            </div>
          ) : (
            <p className="mt-2">Remove the usages first, or ask an admin to delete it anyway.</p>
          )}
        </div>
      ) : null}
    </div>
  );
}
