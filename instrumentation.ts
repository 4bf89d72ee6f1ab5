/** Next.js start-up hook: on the Node runtime, close the database cleanly on shutdown. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    await import("./lib/shutdown");
  }
}
