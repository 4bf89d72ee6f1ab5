"use client";

import { Dialog } from "radix-ui";
import { DeleteButton } from "@/components/forms/delete-button-client";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/components/ui/use-hydrated";

/**
 * Delete a workspace. One that still holds credentials cannot go (the API answers 409
 * `in_use`), so its dialog says why and how many instead of offering a Delete that fails.
 */
export function DeleteWorkspaceButton({
  id,
  slug,
  credentials = 0,
}: {
  id: string;
  slug: string;
  credentials?: number;
}) {
  if (credentials > 0) return <InUseDialog slug={slug} credentials={credentials} />;
  return (
    <DeleteButton
      url={`/api/v1/workspaces/${id}`}
      triggerLabel="Delete"
      triggerAriaLabel={`Delete ${slug}`}
      title={`Delete the workspace "${slug}"?`}
      description="Only an empty workspace can be deleted. API calls naming it will fail afterwards."
      confirmLabel="Delete workspace"
      success={`Deleted the workspace "${slug}".`}
      failure="Could not delete the workspace."
    />
  );
}

function InUseDialog({ slug, credentials }: { slug: string; credentials: number }) {
  const hydrated = useHydrated();
  const held = credentials === 1 ? "1 credential" : `${credentials} credentials`;
  return (
    <Dialog.Root>
      <Dialog.Trigger asChild>
        <Button variant="secondary" size="sm" aria-label={`Delete ${slug}`} disabled={!hydrated}>
          Delete
        </Button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 w-[calc(100%-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white shadow-xl focus:outline-none">
          <div className="px-6 py-5">
            <Dialog.Title className="text-base font-semibold text-slate-900">
              The workspace &quot;{slug}&quot; cannot be deleted
            </Dialog.Title>
            <Dialog.Description className="mt-2 text-sm text-slate-600">
              It still holds {held}. A credential is used only in its workspace, so deleting the workspace would break{" "}
              {credentials === 1 ? "it" : "them"}. Move or delete {credentials === 1 ? "it" : "them"} first, then delete
              the workspace.
            </Dialog.Description>
          </div>
          <div className="flex justify-end gap-2 rounded-b-lg bg-slate-50 px-6 py-3">
            <Dialog.Close asChild>
              <Button variant="secondary">Close</Button>
            </Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
