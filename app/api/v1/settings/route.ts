// GET /api/v1/settings – tenant settings; PATCH – change embed origins, return origins, branding, token TTL
import { parseBody } from "@/lib/api/body";
import { route } from "@/lib/api/routes";
import { ok, withApi } from "@/lib/api/with-api";
import { publicSettings } from "@/lib/tenants/public";
import { getSettings, settingsPatchSchema, updateSettings } from "@/lib/tenants/settings";

export const GET = withApi(
  async ({ db, caller }) => ok(publicSettings(await getSettings(db, { tenantId: caller.tenantId }))),
  route("GET /api/v1/settings"),
);

export const PATCH = withApi(async ({ req, db, caller, requestId }) => {
  const patch = await parseBody(req, settingsPatchSchema);
  return ok(
    publicSettings(await updateSettings(db, { tenantId: caller.tenantId, patch, audit: { caller, requestId } })),
  );
}, route("PATCH /api/v1/settings"));
