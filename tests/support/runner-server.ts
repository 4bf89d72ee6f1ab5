/**
 * tests/support/app-server.ts with the background runner started, as instrumentation.ts does
 * under `next start` (BACKGROUND_JOBS=off in its environment leaves it off). For the
 * multi-instance tests of lib/jobs.
 */
import "./app-server";
import { startRunner } from "@/lib/jobs/runner";

void startRunner();
