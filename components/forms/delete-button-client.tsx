"use client";

import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useToast } from "@/components/ui/toast";
import { apiRequest, ApiRequestError } from "./api-request";

type Props = {
  /** The API resource to DELETE, e.g. `/api/v1/members/{id}`. */
  url: string;
  /** Visible text of the row's button: "Delete", "Remove", "Revoke". */
  triggerLabel: string;
  /** Its accessible name, which names the object: "Remove ada@example.com". */
  triggerAriaLabel: string;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  /** The toast once the API has answered 204. */
  success: string;
  /** The toast when the failure carries no message from the API. */
  failure: string;
};

/**
 * A table row's destructive action: confirm in a dialog, DELETE through the API, then a
 * toast and `router.refresh()`, so the row goes away. An API refusal (a tenant's last
 * admin, a workspace still in use) is shown as the API worded it.
 */
export function DeleteButton({ url, success, failure, ...dialog }: Props) {
  const router = useRouter();
  const toast = useToast();

  async function remove() {
    try {
      await apiRequest(url, "DELETE");
    } catch (err) {
      toast.error(err instanceof ApiRequestError ? err.message : failure);
      return;
    }
    toast.success(success);
    router.refresh();
  }

  return <ConfirmDialog {...dialog} onConfirm={remove} />;
}
