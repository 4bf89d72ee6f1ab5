// GET /api/v1/settings – tenant settings; PATCH – change embed origins, return origins, branding, token TTL
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/routes";
import { ok, withApi } from "@/lib/api/with-api";
import { audit } from "@/lib/audit";
import { getSettings, settingsPatchSchema, updateSettings } from "@/lib/tenants/settings";

export const GET = withApi(async ({ db, caller }) => ok(await getSettings(db, { tenantId: caller.tenantId })), route("GET /api/v1/settings"));

export const PATCH = withApi(
  async (ctx) => {
    const patch = await parseBody(ctx.req, settingsPatchSchema);
    const settings = await updateSettings(ctx.db, { tenantId: ctx.caller.tenantId, patch });
    await audit(ctx, { action: "settings.updated", targetType: "tenant", targetId: ctx.caller.tenantId, metadata: { fields: Object.keys(patch) } });
    return ok(settings);
  },
  route("PATCH /api/v1/settings"),
);
