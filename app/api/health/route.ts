// GET /api/health – liveness and which database the instance runs on
import { withPublicApi } from "@/lib/api/with-api";
import { getDbHandle } from "@/db/client";

export const dynamic = "force-dynamic";

export const GET = withPublicApi(async () => {
  const { kind } = await getDbHandle();
  return Response.json({ status: "ok", db: kind });
});

