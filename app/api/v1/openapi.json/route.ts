// GET /api/v1/openapi.json – the OpenAPI 3.1 document, generated from the route registry (lib/api/routes.ts)
import { withPublicApi } from "@/lib/api/with-api";
import { openApiDocument } from "@/lib/openapi";

export const GET = withPublicApi(async () => Response.json(openApiDocument()));
