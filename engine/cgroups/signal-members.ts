// Signalling every process of a cgroup from its member list. A process can
// fork between the read and the kill, so SIGKILL goes round again until no
// member is new; other signals are sent once to each member.
import { setTimeout as sleep } from 'node:timers/promises';

export async function signalMembers(
  readPids: () => Promise<number[]>,
  signal: NodeJS.Signals,
  maxRounds = 20,
): Promise<number> {
  const signalled = new Set<number>();
  for (let round = 0; round < maxRounds; round++) {
    const fresh = (await readPids()).filter((pid) => !signalled.has(pid));
    if (fresh.length === 0) break;
    for (const pid of fresh) {
      signalled.add(pid);
      try {
        process.kill(pid, signal);
      } catch { /* exited meanwhile */ }
    }
    if (signal !== 'SIGKILL') break;
    await sleep(5);
  }
  return signalled.size;
}

/**
 * After SIGKILL the members need a moment to exit; the caller nearly always
 * removes the cgroup next, which fails while any is listed. True once empty.
 */
export async function waitUntilEmpty(readPids: () => Promise<number[]>, timeoutMs = 2000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (let delay = 2; ; delay = Math.min(delay * 2, 50)) {
    if ((await readPids()).length === 0) return true;
    if (Date.now() >= end) return false;
    await sleep(delay);
  }
}
