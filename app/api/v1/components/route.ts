// GET /api/v1/components – the component catalogue (public fields only)
import { route } from "@/lib/api/routes";
import { ok, withApi } from "@/lib/api/with-api";
import { catalogue, toPublicComponent } from "@/lib/components";

export const GET = withApi(async () => ok(catalogue.map((c) => toPublicComponent(c))), route("GET /api/v1/components"));
