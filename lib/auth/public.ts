import { z } from "zod";
import { present, timestampSchema } from "@/lib/api/public";

/** `POST /impersonate`, in FlowMate's bare shape (no `data` envelope): the user token and the end user's id. */
export const impersonationSchema = z
  .strictObject({
    token: z.string().describe("A user token (JWT) for the end user"),
    id: z.uuid().describe("The end user's id"),
    expiresAt: timestampSchema,
  })
  .meta({ id: "Impersonation" });

/** The impersonation answer, built through its schema. */
export function publicImpersonation(r: { token: string; endUserId: string; expiresAt: Date }) {
  return present(impersonationSchema, { token: r.token, id: r.endUserId, expiresAt: r.expiresAt.toISOString() });
}
