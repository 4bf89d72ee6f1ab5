// POST /api/v1/account/password – a dashboard member changes their own password
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/routes";
import { noContent, withApi } from "@/lib/api/with-api";
import { changePassword } from "@/lib/auth/account";
import { renewSessionCookie } from "@/lib/auth/session-cookie";
import { requestIp } from "@/lib/rate-limit/policies";
import { changePasswordSchema } from "@/lib/tenants/schemas";

export const POST = withApi(async ({ req, db, caller, requestId }) => {
  if (caller.kind !== "member") throw new Error("unreachable: members only");
  const input = await parseBody(req, changePasswordSchema);
  const { sessionVersion } = await changePassword(db, {
    tenantId: caller.tenantId,
    userId: caller.userId,
    ip: requestIp(req.headers),
    ...input,
    audit: { caller, requestId },
  });
  // Every other session of the member has ended; this browser's carries on, re-issued.
  const res = noContent();
  const cookie = await renewSessionCookie(req, sessionVersion);
  if (cookie) res.headers.append("Set-Cookie", cookie);
  return res;
}, route("POST /api/v1/account/password"));
