// The store's mutex. It is an abstract unix socket name bound by the holder:
// the kernel frees it when the holder exits, even by SIGKILL, so a crashed
// tscontain can never leave a stale lock behind and no stealing is needed.
import { createServer, type Server } from 'node:net';
import { createHash } from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';
import { StoreError, throwIfAborted } from '../errors.js';

export interface LockOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

function lockName(root: string): string {
  const digest = createHash('sha256').update(root).digest('hex').slice(0, 32);
  return `\0tscontain-store-${digest}`;
}

function tryBind(name: string): Promise<Server | undefined> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') resolve(undefined);
      else reject(err);
    });
    server.listen({ path: name, exclusive: true }, () => {
      server.unref();
      resolve(server);
    });
  });
}

// Re-entrance is tracked per async call chain, so two concurrent operations in
// one process (the dashboard) still exclude each other.
const holding = new AsyncLocalStorage<Set<string>>();
const localQueues = new Map<string, Promise<void>>();

/** Runs `fn` while holding the store lock. Re-entrant within one call chain. */
export async function withStoreLock<T>(root: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const name = lockName(root);
  const current = holding.getStore();
  if (current?.has(name)) return fn();

  // First queue behind other holders in this process, then take the kernel lock.
  const previous = localQueues.get(name) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((r) => (release = r));
  const tail = previous.then(() => mine);
  localQueues.set(name, tail);
  try {
    await previous;
    const server = await acquire(root, name, opts);
    try {
      return await holding.run(new Set([...(current ?? []), name]), fn);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  } finally {
    release();
    if (localQueues.get(name) === tail) localQueues.delete(name);
  }
}

async function acquire(root: string, name: string, opts: LockOptions): Promise<Server> {
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  let delay = 10;
  for (;;) {
    throwIfAborted(opts.signal);
    const server = await tryBind(name);
    if (server) return server;
    if (Date.now() > deadline) {
      throw new StoreError('STORE_LOCKED', `the store ${root} is busy: another tscontain command holds its lock`, {
        hint: 'wait for it to finish and retry',
        fields: { root },
      });
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 250);
  }
}
