/**
 * NODE_OPTIONS for the server process (`npm start`, and the bench, which must measure what
 * `npm start` runs): the caller's own options plus the V8 old-space limit `SERVER_HEAP_MB`.
 *
 * Why a limit: under load, request objects outlive a scavenge or two and are promoted, and V8,
 * sized for a machine's worth of memory, lets that garbage grow to 300 MB of old space before a
 * full collection (measured at 32 connections: RSS 450 MB against a live heap of about 70 MB).
 * With a 256 MB limit V8 collects sooner, RSS stays near 230 MB, and throughput is unchanged
 * within the bench's noise. Bodies are capped at 64 KiB and requests in flight at MAX_IN_FLIGHT,
 * so a request cannot need much heap of its own.
 */
export function serverNodeOptions(current: string | undefined, heapMb: number): string | undefined {
  // V8 takes the flag with dashes or underscores.
  if (heapMb === 0 || /--max[-_]old[-_]space[-_]size[=\s]/.test(current ?? "")) return current;
  return [current?.trim(), `--max-old-space-size=${heapMb}`].filter(Boolean).join(" ");
}
