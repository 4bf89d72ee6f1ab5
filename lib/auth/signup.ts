import "server-only";
import type { Db } from "@/db/client";
import { nulPaths } from "@/lib/api/body";
import { ApiError } from "@/lib/api/errors";
import { hit } from "@/lib/rate-limit/limit";
import { signupsByIp } from "@/lib/rate-limit/policies";
import { createTenant } from "@/lib/tenants/create";
import { signupSchema } from "@/lib/tenants/schemas";

const FIELDS = ["organization", "email", "password"] as const;
type SignupField = (typeof FIELDS)[number];
export type SignupResult =
  { ok: true } | { ok: false; fieldErrors: Partial<Record<SignupField, string>>; formError?: string };

const NUL_MESSAGE = "Must not contain a NUL character (U+0000)";

/** The first message for each form field; anything else (an unknown key) is the form's error. */
function refused(issues: readonly { path: readonly PropertyKey[]; message: string }[]): SignupResult {
  const fieldErrors: Partial<Record<SignupField, string>> = {};
  let formError: string | undefined;
  for (const issue of issues) {
    const field = FIELDS.find((f) => f === issue.path[0]);
    if (field) fieldErrors[field] ??= issue.message;
    else formError ??= issue.message;
  }
  return { ok: false, fieldErrors, formError };
}

/**
 * Creates a tenant and its first admin from the sign-up form. A valid submission is
 * counted per client address before the password is hashed and the tenant created; over
 * the limit the form says so instead (a server action has no 429 to answer with).
 */
export async function signUp(db: Db, input: unknown, opts: { ip: string }): Promise<SignupResult> {
  // Postgres text cannot hold U+0000: refused here, it is a field error rather than a failed
  // insert. Checked first, so the message names the NUL and no unknown key echoes it.
  const nul = nulPaths(input);
  if (nul.length > 0) return refused(nul.map((path) => ({ path: path.split("."), message: NUL_MESSAGE })));
  const parsed = signupSchema.safeParse(input);
  if (!parsed.success) return refused(parsed.error.issues);
  const counted = await hit(db, signupsByIp(opts.ip));
  if (counted.limited) {
    const minutes = Math.ceil(counted.retryAfter / 60);
    return {
      ok: false,
      fieldErrors: {},
      formError: `Too many sign-ups from your network. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    };
  }
  const { organization, email, password } = parsed.data;
  try {
    await createTenant(db, { name: organization, adminEmail: email, adminPassword: password });
  } catch (err) {
    if (err instanceof ApiError && err.code === "conflict") return { ok: false, fieldErrors: { email: err.message } };
    throw err;
  }
  return { ok: true };
}
