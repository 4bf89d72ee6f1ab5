/*
 * The addresses of the throwaway servers `npm test` starts on loopback (scripts/test.sh exports
 * TEST_PG_URL, TEST_REDIS_URL, TEST_SFTP_DIR, …). A missing one fails the test that needs it,
 * never skips it: a skipped check would hide a broken CI. No test-runner imports, so Vitest
 * and Playwright specs share it.
 */

/** The variable's value; throws, naming it, when it is not set. */
export function testServerEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: npm test starts the test servers and sets it (scripts/test.sh)`);
  return value;
}

/** The variable's value as a URL (`redis://:pw@127.0.0.1:port/0`, …). */
export const testServerUrl = (name: string): URL => new URL(testServerEnv(name));
