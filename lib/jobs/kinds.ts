import "server-only";

/*
 * Every job kind the runner knows. Each module calls registerJob() at its top level; add one
 * import line here for a new kind (lib/jobs/index.ts says how to write one).
 */
import "./refresh";
import "./reverify";
import "./revocations";
import "./expiry";
import "./connect-session-prune";
import "@/lib/webhooks/job";
