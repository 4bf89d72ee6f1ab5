"use server";

import { headers } from "next/headers";
import { getDb } from "@/db/client";
import { signUp, type SignupResult } from "@/lib/auth/signup";
import { requestIp } from "@/lib/rate-limit/policies";

/**
 * Creates a tenant and its first admin. The client signs in afterwards with the same
 * credentials, so the session is made by Auth.js exactly as at a normal login.
 */
export async function signupAction(input: unknown): Promise<SignupResult> {
  return signUp(await getDb(), input, { ip: requestIp(await headers()) });
}
