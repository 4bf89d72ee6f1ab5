/**
 * Next.js start-up hook: on the Node runtime, close the database cleanly on shutdown and
 * start the background runner (lib/jobs; BACKGROUND_JOBS=off turns it off).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    await import("./lib/shutdown");
    // `next build` loads this hook too; the runner must never open the database there.
    if (process.env.NEXT_PHASE !== "phase-production-build") {
      const { startRunner } = await import("./lib/jobs/runner");
      await startRunner();
    }
  }
}
