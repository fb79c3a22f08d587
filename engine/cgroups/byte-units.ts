// Docker's size syntax (go-units RAMInBytes): a number, an optional space, an
// optional binary unit (k = 1024) and an optional "b"/"ib": 512m, 1g, 1.5G,
// 100k, 512MB, 512MiB, 4096, 4096b. Fractions round down to whole bytes.

const UNIT_SHIFT: Record<string, number> = { '': 0, k: 10, m: 20, g: 30, t: 40, p: 50 };
const SIZE = /^(\d+(?:\.\d+)?) ?([kmgtp]?)(?:i?b)?$/i;

/** Bytes for a Docker size, or undefined when the text is not one. */
export function parseByteSize(text: string): number | undefined {
  const m = SIZE.exec(text.trim());
  if (!m) return undefined;
  const shift = UNIT_SHIFT[(m[2] ?? '').toLowerCase()] ?? 0;
  const bytes = Math.floor(Number(m[1]) * 2 ** shift);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** A byte count scaled to the largest binary unit that keeps it >= 1. */
export function scaleBinary(bytes: number): { value: number; unit: string } {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BINARY_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return { value, unit: BINARY_UNITS[unit]! };
}

/** "512MiB"-style text for messages. */
export function formatBytes(bytes: number): string {
  const { value, unit } = scaleBinary(bytes);
  return `${Number.isInteger(value) ? String(value) : value.toFixed(1)}${unit}`;
}
