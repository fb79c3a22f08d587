// Runs `tick` now and then every `intervalMs`, never two at once: a tick that
// comes while the previous one still works is skipped, so a slow engine
// never piles up work or blocks input. Returns a function to refresh now.
import { useCallback, useEffect, useRef } from 'react';

export function useRefresh(tick: () => Promise<void>, intervalMs: number): () => void {
  const latest = useRef(tick);
  latest.current = tick;
  const busy = useRef(false);
  const stopped = useRef(false);

  const run = useCallback(() => {
    if (busy.current || stopped.current) return;
    busy.current = true;
    latest.current().catch(() => undefined).finally(() => {
      busy.current = false;
    });
  }, []);

  useEffect(() => {
    stopped.current = false;
    run();
    const timer = setInterval(run, intervalMs);
    return () => {
      stopped.current = true;
      clearInterval(timer);
    };
  }, [intervalMs, run]);

  return run;
}
