// Rate-limits a progress callback: the latest call wins, at most one per
// interval, and flush() delivers the pending one immediately.
export interface Throttled<A extends unknown[]> {
  (...args: A): void;
  flush(): void;
  cancel(): void;
}

export function throttle<A extends unknown[]>(fn: (...args: A) => void, intervalMs: number): Throttled<A> {
  let last = 0;
  let pending: A | undefined;
  let timer: NodeJS.Timeout | undefined;
  const fire = () => {
    timer = undefined;
    if (!pending) return;
    const args = pending;
    pending = undefined;
    last = Date.now();
    fn(...args);
  };
  const throttled = ((...args: A) => {
    pending = args;
    const wait = last + intervalMs - Date.now();
    if (wait <= 0) fire();
    else if (!timer) timer = setTimeout(fire, wait).unref();
  }) as Throttled<A>;
  throttled.flush = () => {
    if (timer) clearTimeout(timer);
    fire();
  };
  throttled.cancel = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    pending = undefined;
  };
  return throttled;
}
