// A one-line chart of the last values, with the eight block characters.
const BARS = '▁▂▃▄▅▆▇█';

/** The last `width` values as bars scaled to `max` (default: their maximum). */
export function sparkline(values: readonly number[], width: number, max?: number): string {
  if (width <= 0) return '';
  const shown = values.slice(-width);
  const top = max ?? Math.max(0, ...shown);
  const bars = shown.map((v) => {
    if (!(top > 0) || !Number.isFinite(v) || v <= 0) return BARS[0]!;
    const level = Math.min(BARS.length - 1, Math.floor((v / top) * (BARS.length - 1) + 0.5));
    return BARS[level]!;
  });
  return ' '.repeat(width - shown.length) + bars.join('');
}
