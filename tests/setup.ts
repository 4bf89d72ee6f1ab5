import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// Runs before every test file (all files share one worker): set each variable once.
const scratch = process.env.IC_TEST_SCRATCH ?? mkdtempSync(path.join(tmpdir(), "ic-test-"));
process.env.IC_TEST_SCRATCH = scratch;
(process.env as Record<string, string>).NODE_ENV ??= "test";
process.env.DATA_DIR ??= path.join(scratch, "data");
if (!process.env.DATABASE_URL) process.env.PGLITE_DIR ??= path.join(scratch, "pglite");
process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");
process.env.ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
process.env.LOG_FILE ??= path.join(scratch, "server.log");
process.env.LOG_LEVEL ??= "debug";
// No background runner unless a test starts one (tests/background-jobs*.test.ts turn it on).
process.env.BACKGROUND_JOBS ??= "off";
// Every in-process request comes from one address, and the suite completes hundreds of OAuth
// flows a minute; the per-address limit itself is tested in tests/rate-limits.test.ts.
process.env.RATE_LIMIT_OAUTH_PER_IP ??= "100000";
