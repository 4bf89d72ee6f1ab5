// GET /api/v1/components/{id} – one catalogue entry
import { notFound } from "@/lib/api/errors";
import { route } from "@/lib/api/routes";
import { ok, withApi } from "@/lib/api/with-api";
import { getComponent, toPublicComponent } from "@/lib/components";

export const GET = withApi<{ id: string }>(
  async ({ params }) => {
    const entry = getComponent(params.id);
    if (!entry) throw notFound("Component");
    return ok(toPublicComponent(entry));
  },
  route("GET /api/v1/components/{id}"),
);
