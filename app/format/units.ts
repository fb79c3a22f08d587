// Docker's human-readable units (go-units): decimal sizes with three
// significant digits, and rough durations ("2 hours", "About a minute").
import { scaleBinary } from '../../engine/cgroups/byte-units.js';

const SIZE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

export function humanSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < SIZE_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${Number(value.toPrecision(3))}${SIZE_UNITS[unit]}`;
}

/** Binary units, as `stats` shows memory (MiB, GiB). */
export function humanBinarySize(bytes: number): string {
  const { value, unit } = scaleBinary(bytes);
  return `${unit === 'B' ? value : value.toFixed(value >= 100 ? 0 : value >= 10 ? 1 : 2)}${unit}`;
}

export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(ms / 3_600_000);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(hours / 24 / 365)} years`;
}

export function timeAgo(iso: string | undefined, now = Date.now()): string {
  if (!iso) return 'N/A';
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return 'N/A';
  return `${humanDuration(Math.max(0, now - then))} ago`;
}
