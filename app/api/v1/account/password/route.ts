// POST /api/v1/account/password – a dashboard member changes their own password
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/routes";
import { noContent, withApi } from "@/lib/api/with-api";
import { audit } from "@/lib/audit";
import { changePassword } from "@/lib/auth/account";
import { changePasswordSchema } from "@/lib/tenants/schemas";

export const POST = withApi(
  async (ctx) => {
    if (ctx.caller.kind !== "member") throw new Error("unreachable: members only");
    const input = await parseBody(ctx.req, changePasswordSchema);
    await changePassword(ctx.db, { userId: ctx.caller.userId, ...input });
    await audit(ctx, { action: "member.password_changed", targetType: "member", targetId: ctx.caller.userId });
    return noContent();
  },
  route("POST /api/v1/account/password"),
);
