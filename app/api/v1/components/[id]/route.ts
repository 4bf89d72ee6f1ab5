// GET /api/v1/components/{id} – one catalogue entry
import { notFound } from "@/lib/api/errors";
import { ok, withApi } from "@/lib/api/with-api";
import { getComponent, toPublicComponent } from "@/lib/components";

export const GET = withApi<{ id: string }>(
  async ({ params }) => {
    const entry = getComponent(params.id);
    if (!entry) throw notFound("Component");
    return ok(toPublicComponent(entry));
  },
  { allow: ["api_key", "end_user", "admin", "developer", "viewer"] },
);
