import { useCallback, useRef, useState } from "react";

/**
 * One request at a time that the user may cancel: `start()` gives the AbortSignal to pass
 * to the request and records when it began (for the elapsed seconds), `cancel()` aborts it,
 * `finish()` clears both. The server stores nothing for an aborted create or patch (it
 * checks `req.signal` between the dry run and the write).
 */
export function useCancellable() {
  const controller = useRef<AbortController | null>(null);
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const start = useCallback(() => {
    controller.current = new AbortController();
    setStartedAt(Date.now());
    return controller.current.signal;
  }, []);
  const finish = useCallback(() => {
    controller.current = null;
    setStartedAt(null);
  }, []);
  const cancel = useCallback(() => controller.current?.abort(), []);
  return { start, finish, cancel, startedAt };
}
