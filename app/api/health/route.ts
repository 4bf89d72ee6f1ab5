// GET /api/health – liveness: the database answers, and which kind it is
import { sql } from "drizzle-orm";
import { getDbHandle } from "@/db/client";
import { withPublicApi } from "@/lib/api/with-api";

export const dynamic = "force-dynamic";

// A load balancer should drop an instance whose database is unreachable, so this pings it.
export const GET = withPublicApi(async () => {
  const { db, kind } = await getDbHandle();
  await db.execute(sql`select 1`);
  return Response.json({ status: "ok", db: kind });
});
