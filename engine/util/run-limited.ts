// Runs `work` over items with at most `limit` at once. The first failure
// aborts the others and is rethrown once they have all settled, so no
// straggler keeps writing after the caller has moved on.
import { AbortedError } from '../errors.js';

export async function runLimited<T>(
  items: readonly T[],
  limit: number,
  signal: AbortSignal | undefined,
  work: (item: T, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (next < items.length && failure === undefined) {
      const item = items[next++]!;
      try {
        if (controller.signal.aborted) throw new AbortedError({ cause: controller.signal.reason });
        await work(item, controller.signal);
      } catch (err) {
        if (failure === undefined) failure = err;
        controller.abort(err);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (failure !== undefined) {
    if (signal?.aborted) throw new AbortedError({ cause: signal.reason });
    throw failure;
  }
}
