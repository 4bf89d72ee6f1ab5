// POST /api/v1/account/password – a dashboard member changes their own password
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/routes";
import { noContent, withApi } from "@/lib/api/with-api";
import { audit } from "@/lib/audit";
import { changePassword } from "@/lib/auth/account";
import { renewSessionCookie } from "@/lib/auth/session-cookie";
import { requestIp } from "@/lib/rate-limit/policies";
import { changePasswordSchema } from "@/lib/tenants/schemas";

export const POST = withApi(
  async (ctx) => {
    if (ctx.caller.kind !== "member") throw new Error("unreachable: members only");
    const input = await parseBody(ctx.req, changePasswordSchema);
    const { sessionVersion } = await changePassword(ctx.db, { userId: ctx.caller.userId, ip: requestIp(ctx.req.headers), ...input });
    await audit(ctx, { action: "member.password_changed", targetType: "member", targetId: ctx.caller.userId });
    // Every other session of the member has ended; this browser's carries on, re-issued.
    const res = noContent();
    const cookie = await renewSessionCookie(ctx.req, sessionVersion);
    if (cookie) res.headers.append("Set-Cookie", cookie);
    return res;
  },
  route("POST /api/v1/account/password"),
);
