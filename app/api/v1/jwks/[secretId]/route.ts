// GET /api/v1/jwks/{secretId} – a published RS256 key's JWK set, bare and without auth, for the services verifying its tokens
import { withPublicApi } from "@/lib/api/with-api";
import { publishedJwks } from "@/lib/signing/operations";

// Public keys only, the same for every caller: shared caches may keep the set for five
// minutes, which is also how long a retired or unpublished key may still be served.
export const GET = withPublicApi<{ secretId: string }>(
  async ({ db, params }) => Response.json(await publishedJwks(db, params.secretId)),
  { cacheControl: "public, max-age=300" },
);
