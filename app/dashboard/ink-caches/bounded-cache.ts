// Ink 7 keeps the size of every text it ever measured, and every wrapped or
// cut text, in module-level caches that never drop anything (ink#986, fixed
// in Ink 8): a dashboard whose figures change every second grows by every
// distinct row it drew, for as long as it stays open. The bundle
// (scripts/bundle.mjs) swaps those two modules for ours, which keep at most
// LIMIT entries: when full, the older half goes.

export const LIMIT = 4096;

export class BoundedCache<V> {
  private entries = new Map<string, V>();

  constructor(private readonly limit = LIMIT) {}

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: V): void {
    if (this.entries.size >= this.limit) {
      // A Map iterates in insertion order: keep the newer half, which a frame is most likely to ask for again.
      const keep = [...this.entries].slice(this.entries.size - Math.floor(this.limit / 2));
      this.entries = new Map(keep);
    }
    this.entries.set(key, value);
  }

  get size(): number {
    return this.entries.size;
  }
}
