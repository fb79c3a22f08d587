// Remembers the child processes and temp dirs that test support started, and
// kills / removes them if the test process exits without stopping them.
// Only the pids recorded here are ever signalled.
import { rmSync } from 'node:fs';

type Guarded = { pid?: number; dir?: string };

const live = new Set<Guarded>();
let installed = false;

function cleanupAll(): void {
  for (const g of live) {
    if (g.pid) {
      try { process.kill(g.pid, 'SIGKILL'); } catch { /* already gone */ }
    }
    if (g.dir) {
      try { rmSync(g.dir, { recursive: true, force: true }); } catch { /* best effort */ }
    }
  }
  live.clear();
}

/** Registers a pid and/or temp dir for the exit-time safety net; returns the un-register function. */
export function guard(g: Guarded): () => void {
  if (!installed) {
    installed = true;
    process.on('exit', cleanupAll);
  }
  live.add(g);
  return () => { live.delete(g); };
}
