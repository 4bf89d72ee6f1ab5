// DELETE /api/v1/end-users/{username} – delete an end user, their secrets and (in effect) their tokens
import { notFound } from "@/lib/api/errors";
import { route } from "@/lib/api/routes";
import { noContent, withApi } from "@/lib/api/with-api";
import { audit } from "@/lib/audit";
import { deleteEndUser } from "@/lib/secrets/end-users";

export const DELETE = withApi<{ username: string }>(
  async (ctx) => {
    const user = await deleteEndUser(ctx.db, { tenantId: ctx.caller.tenantId, username: ctx.params.username });
    if (!user) throw notFound("End user");
    await audit(ctx, { action: "end_user.deleted", targetType: "end_user", targetId: user.id, metadata: { username: user.username } });
    return noContent();
  },
  route("DELETE /api/v1/end-users/{username}"),
);
