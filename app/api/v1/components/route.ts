// GET /api/v1/components – the component catalogue (public fields only)
import { ok, withApi } from "@/lib/api/with-api";
import { catalogue, toPublicComponent } from "@/lib/components";

export const GET = withApi(async () => ok(catalogue.map((c) => toPublicComponent(c))), {
  allow: ["api_key", "end_user", "admin", "developer", "viewer"],
});
