import "server-only";
import { closeDb } from "@/db/client";
import { stopRunner } from "@/lib/jobs/runner";
import { logger } from "@/lib/log";

// With NEXT_MANUAL_SIG_HANDLE=true, Next leaves signals to us. Closing PGlite here
// avoids crash recovery on the next start.
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger().info({ signal }, "shutting down");
    // Stop claiming first; work cut short keeps its claim, which runs out for another instance.
    stopRunner()
      .then(() => closeDb())
      .catch((err) => logger().error({ err: { message: String(err) } }, "database close failed"))
      .finally(() => process.exit(0));
  });
}
