// `images --filter KEY=VALUE` as Docker's daemon applies it: dangling,
// reference (Go path.Match globs against the familiar name, with or without
// its tag), label (every one must match), before and since (an image's
// creation time against the named image's). Pure but for the callbacks.
import { UsageError } from '../errors.js';
import type { ImageRow } from './list-images.js';

export const IMAGE_FILTER_KEYS = ['dangling', 'reference', 'label', 'before', 'since'] as const;
export type ImageFilterKey = (typeof IMAGE_FILTER_KEYS)[number];
export type ImageFilters = Map<ImageFilterKey, string[]>;

export function parseImageFilters(specs: readonly string[]): ImageFilters {
  const filters: ImageFilters = new Map();
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq < 0) throw new UsageError(`bad format of filter (expected name=value): ${spec}`);
    const key = spec.slice(0, eq).trim().toLowerCase();
    const value = spec.slice(eq + 1);
    if (!(IMAGE_FILTER_KEYS as readonly string[]).includes(key)) {
      throw new UsageError(`invalid filter '${key}'`, { hint: `filters: ${IMAGE_FILTER_KEYS.join(', ')}` });
    }
    if (key === 'dangling' && !['true', 'false', '1', '0'].includes(value.toLowerCase())) {
      throw new UsageError(`invalid filter 'dangling=${value}'`, { hint: 'use dangling=true or dangling=false' });
    }
    filters.set(key as ImageFilterKey, [...(filters.get(key as ImageFilterKey) ?? []), value]);
  }
  return filters;
}

/** Go's path.Match: `*` and `?` never match "/", `[...]` classes with `^`/`!` negation, `\` escapes. */
export function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\' && i + 1 < pattern.length) re += pattern[++i]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) throw new UsageError(`invalid reference pattern "${pattern}": syntax error in pattern`);
      let body = pattern.slice(i + 1, end);
      const negate = body.startsWith('^') || body.startsWith('!');
      if (negate) body = body.slice(1);
      re += `[${negate ? '^' : ''}${body.replace(/[\\\]]/g, '\\$&')}]`;
      i = end;
    } else re += c.replace(/[.+^${}()|\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export interface ImageFilterFacts {
  labels(row: ImageRow): Promise<Record<string, string>>;
  /** The creation time of the image a before/since value names (throws when there is none). */
  createdOf(image: string): Promise<string | undefined>;
}

const isDangling = (row: ImageRow) => row.tag === '<none>';

export async function filterImageRows(rows: readonly ImageRow[], filters: ImageFilters, facts: ImageFilterFacts): Promise<ImageRow[]> {
  if (filters.size === 0) return [...rows];
  const dangling = filters.get('dangling')?.at(-1)?.toLowerCase();
  const patterns = (filters.get('reference') ?? []).map(globToRegExp);
  const bounds = async (key: 'before' | 'since') => Promise.all((filters.get(key) ?? []).map(async (v) => Date.parse((await facts.createdOf(v)) ?? '')));
  const before = await bounds('before');
  const since = await bounds('since');
  const out: ImageRow[] = [];
  for (const row of rows) {
    if (dangling !== undefined && isDangling(row) !== (dangling === 'true' || dangling === '1')) continue;
    if (patterns.length) {
      if (isDangling(row)) continue;
      const names = [`${row.repository}:${row.tag}`, row.repository];
      if (!patterns.some((p) => names.some((n) => p.test(n)))) continue;
    }
    const created = Date.parse(row.created ?? '');
    if (before.some((b) => !(created < b)) || since.some((s) => !(created > s))) continue;
    const wanted = filters.get('label') ?? [];
    if (wanted.length) {
      const labels = await facts.labels(row);
      const ok = wanted.every((v) => {
        const eq = v.indexOf('=');
        return eq < 0 ? Object.hasOwn(labels, v) : labels[v.slice(0, eq)] === v.slice(eq + 1);
      });
      if (!ok) continue;
    }
    out.push(row);
  }
  return out;
}
