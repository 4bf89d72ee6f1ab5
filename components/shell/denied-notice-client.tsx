"use client";

import { useSearchParams } from "next/navigation";

/** Explains the bounce when `requireRole` sent a member back to the dashboard (`/?denied=1`). */
export function DeniedNotice() {
  const denied = useSearchParams().get("denied");
  if (!denied) return null;
  return (
    <p role="status" className="mb-6 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200">
      Your role cannot open that page. Ask an admin of your organisation if you need access.
    </p>
  );
}
