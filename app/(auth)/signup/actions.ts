"use server";

import { getDb } from "@/db/client";
import { ApiError } from "@/lib/api/errors";
import { createTenant } from "@/lib/tenants/create";
import { signupSchema } from "@/lib/tenants/schemas";

const FIELDS = ["organization", "email", "password"] as const;
type SignupField = (typeof FIELDS)[number];
export type SignupResult =
  | { ok: true }
  | { ok: false; fieldErrors: Partial<Record<SignupField, string>>; formError?: string };

/**
 * Creates a tenant and its first admin. The client signs in afterwards with the same
 * credentials, so the session is made by Auth.js exactly as at a normal login.
 */
export async function signupAction(input: unknown): Promise<SignupResult> {
  const parsed = signupSchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Partial<Record<SignupField, string>> = {};
    let formError: string | undefined;
    for (const issue of parsed.error.issues) {
      const field = FIELDS.find((f) => f === issue.path[0]);
      if (field) fieldErrors[field] ??= issue.message;
      else formError ??= issue.message;
    }
    return { ok: false, fieldErrors, formError };
  }
  const { organization, email, password } = parsed.data;
  try {
    await createTenant(await getDb(), { name: organization, adminEmail: email, adminPassword: password });
  } catch (err) {
    if (err instanceof ApiError && err.code === "conflict") return { ok: false, fieldErrors: { email: err.message } };
    throw err;
  }
  return { ok: true };
}
