import { ApiRequestError } from "@/components/forms/api-request";

export type Failure = { title: string; message: string; detail?: string };

/** A 422 from the dry run, in the server's plain words (lib/verify/describe.ts); null for anything else. */
export function verificationFailure(err: unknown, saved: "create" | "update"): Failure | null {
  if (!(err instanceof ApiRequestError) || err.code !== "verification_failed") return null;
  return {
    title: "The connection test failed",
    message: err.message,
    detail: `${saved === "create" ? "Nothing was saved" : "Nothing was changed"}. Check the details above and try again.`,
  };
}

/**
 * Beside the submit button: progress while the dry run runs (a polite live region that
 * is always in the page, so the change is announced), then a failure in plain words.
 * The failure stays on screen until the next attempt; it is not only a toast.
 */
export function SubmitStatus({
  pending,
  pendingText,
  failure,
}: {
  pending: boolean;
  pendingText: string;
  failure: Failure | null;
}) {
  return (
    <div className="min-w-0 flex-1 space-y-2">
      <p role="status" aria-live="polite" className="text-sm text-slate-600">
        {pending ? (
          <>
            <span
              aria-hidden="true"
              className="mr-2 inline-block size-3 animate-spin rounded-full border-2 border-brand-600 border-t-transparent align-middle"
            />
            {pendingText}
          </>
        ) : null}
      </p>
      {failure && !pending ? (
        <div role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
          <p className="font-semibold">{failure.title}</p>
          <p>{failure.message}</p>
          {failure.detail ? <p className="mt-1 text-red-700">{failure.detail}</p> : null}
        </div>
      ) : null}
    </div>
  );
}
