import type { ReactNode } from "react";
import { RelativeTime } from "@/components/ui/relative-time";
import { Time } from "@/components/ui/time";
import { displayStatus } from "../display-status";

/** What a row needs to say why it needs attention (lib/jobs/attention.ts computes the flags). */
export type AttentionFields = {
  status: string;
  expires: Date | null;
  failingSince?: Date | null;
  expiresSoon?: boolean;
  lastVerifiedAt?: Date | null;
  autoRenews?: boolean;
};

/** A badge in the warning colour (components/ui/badge.tsx has none). */
function Flag({ children }: { children: ReactNode }) {
  return (
    <span className="inline-flex items-center rounded-md bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800 ring-1 ring-amber-600/30 ring-inset">
      {children}
    </span>
  );
}

/** Whether the credential needs attention: the same rule as the list's filter. */
export const needsAttention = (s: AttentionFields) =>
  displayStatus(s) === "expired" || s.status === "error" || !!s.expiresSoon;

/**
 * Why a credential needs attention, in words: "Needs re-authorisation" (expired),
 * "Failing since …" (the first failure of the current run), "Expires soon" (within seven
 * days, with no way to renew it). Nothing for a healthy credential.
 */
export function AttentionNotes({ secret }: { secret: AttentionFields }) {
  const notes = [];
  // A passed `expires` the expiry job has not turned `expired` yet counts too.
  if (displayStatus(secret) === "expired") {
    notes.push(
      <li key="reauth">
        <Flag>Needs re-authorisation</Flag>
      </li>,
    );
  }
  if (secret.status === "error" && secret.failingSince) {
    notes.push(
      <li key="failing" className="text-xs text-red-700">
        Failing since <RelativeTime value={secret.failingSince} />
      </li>,
    );
  }
  if (secret.expiresSoon && secret.expires) {
    notes.push(
      <li key="soon" className="flex flex-wrap items-center gap-1 text-xs text-amber-800">
        <Flag>Expires soon</Flag>
        <span>
          <Time value={secret.expires} />
        </span>
      </li>,
    );
  }
  if (notes.length === 0) return null;
  return (
    <ul aria-label="Why this needs attention" className="mt-1 space-y-1">
      {notes}
    </ul>
  );
}
