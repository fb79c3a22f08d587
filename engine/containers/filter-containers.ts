// `ps --filter KEY=VALUE` as Docker's daemon applies it: values of one key are
// alternatives (OR), different keys must all match (AND). A status or exited
// filter lists stopped containers without -a. The facts a filter needs beyond
// the record (labels, networks, the ancestor's image ID) come from callbacks,
// so this module stays pure and unit-testable.
import { UsageError } from '../errors.js';
import type { ContainerRecord } from './record.js';

export const FILTER_KEYS = ['id', 'name', 'label', 'ancestor', 'status', 'exited', 'network'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type ContainerFilters = Map<FilterKey, string[]>;

const STATUSES = ['created', 'restarting', 'running', 'removing', 'paused', 'exited', 'dead'];

export function parseContainerFilters(specs: readonly string[]): ContainerFilters {
  const filters: ContainerFilters = new Map();
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    const key = (eq < 0 ? spec : spec.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? '' : spec.slice(eq + 1);
    if (eq < 0) throw new UsageError(`bad format of filter (expected name=value): ${spec}`);
    if (!(FILTER_KEYS as readonly string[]).includes(key)) {
      throw new UsageError(`invalid filter '${key}'`, { hint: `filters: ${FILTER_KEYS.join(', ')}` });
    }
    if (key === 'status' && !STATUSES.includes(value)) {
      throw new UsageError(`invalid filter 'status=${value}'`, { hint: `statuses: ${STATUSES.join(', ')}` });
    }
    if (key === 'exited' && !/^-?\d+$/.test(value)) throw new UsageError(`invalid filter 'exited=${value}': not a number`);
    filters.set(key as FilterKey, [...(filters.get(key as FilterKey) ?? []), value]);
  }
  return filters;
}

/** Docker lists stopped containers for these filters even without -a. */
export function filtersImplyAll(filters: ContainerFilters): boolean {
  return filters.has('status') || filters.has('exited');
}

export interface FilterFacts {
  labels(r: ContainerRecord): Promise<Record<string, string>>;
  networks(r: ContainerRecord): string[];
  /** The image ID an ancestor value names, or undefined. */
  imageId(ancestor: string): Promise<string | undefined>;
}

function nameMatches(name: string, pattern: string): boolean {
  try {
    return new RegExp(pattern).test(name) || new RegExp(pattern).test(`/${name}`);
  } catch {
    return name.includes(pattern);
  }
}

const bare = (id: string) => id.replace(/^sha256:/, '');

async function matchesKey(r: ContainerRecord, key: FilterKey, values: string[], facts: FilterFacts): Promise<boolean> {
  switch (key) {
    case 'id':
      return values.some((v) => r.config.id.startsWith(v));
    case 'name':
      return values.some((v) => nameMatches(r.config.name, v));
    case 'status':
      return values.includes(r.state.status === 'running' && r.state.paused ? 'paused' : r.state.status);
    case 'exited':
      return r.state.status === 'exited' && values.some((v) => Number(v) === r.state.exitCode);
    case 'network': {
      const names = facts.networks(r);
      return values.some((v) => names.includes(v));
    }
    case 'label': {
      const labels = await facts.labels(r);
      return values.some((v) => {
        const eq = v.indexOf('=');
        return eq < 0 ? Object.hasOwn(labels, v) : labels[v.slice(0, eq)] === v.slice(eq + 1);
      });
    }
    case 'ancestor':
      for (const v of values) {
        if (r.config.imageName === v || (/^(sha256:)?[0-9a-f]{4,64}$/.test(v) && bare(r.config.image).startsWith(bare(v)))) return true;
        const id = await facts.imageId(v);
        if (id !== undefined && bare(id) === bare(r.config.image)) return true;
      }
      return false;
  }
}

export async function filterContainers(records: readonly ContainerRecord[], filters: ContainerFilters, facts: FilterFacts): Promise<ContainerRecord[]> {
  const out: ContainerRecord[] = [];
  for (const r of records) {
    let ok = true;
    for (const [key, values] of filters) {
      if (!(await matchesKey(r, key, values, facts))) {
        ok = false;
        break;
      }
    }
    if (ok) out.push(r);
  }
  return out;
}
