// Docker's `--change` for commit and import: Dockerfile instructions that
// edit an image config (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, USER, WORKDIR,
// VOLUME, STOPSIGNAL, ONBUILD), in exec (JSON) or shell form.
import { posix } from 'node:path';
import { UsageError } from '../errors.js';
import type { ContainerDefaults } from '../registry/image-config.js';

const ALLOWED = ['CMD', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'LABEL', 'ONBUILD', 'USER', 'VOLUME', 'WORKDIR', 'STOPSIGNAL'];

/** Applies each change in order to a copy of `config`. */
export function applyChanges(config: ContainerDefaults, changes: readonly string[]): ContainerDefaults {
  const out: ContainerDefaults = structuredClone(config);
  for (const change of changes) applyOne(out, change);
  return out;
}

function bad(change: string, why: string): UsageError {
  return new UsageError(`invalid change "${change}": ${why}`, { hint: `supported instructions: ${ALLOWED.join(', ')}` });
}

function applyOne(config: ContainerDefaults, change: string): void {
  const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(change);
  if (!m) throw bad(change, 'empty');
  const word = m[1]!.toUpperCase();
  const rest = m[2]!.trim();
  if (!ALLOWED.includes(word)) throw bad(change, `${m[1]} is not a valid change command`);
  if (rest === '' && word !== 'CMD' && word !== 'ENTRYPOINT') throw bad(change, `${word} requires an argument`);
  switch (word) {
    case 'CMD': config.Cmd = commandForm(rest, change); break;
    case 'ENTRYPOINT': config.Entrypoint = commandForm(rest, change); break;
    case 'ENV': config.Env = setEnv(config.Env ?? [], keyValues(rest, change, true)); break;
    case 'LABEL': config.Labels = { ...(config.Labels ?? {}), ...Object.fromEntries(keyValues(rest, change, false)) }; break;
    case 'EXPOSE': {
      const ports = { ...(config.ExposedPorts ?? {}) };
      for (const port of words(rest, change)) {
        const p = /^(\d{1,5})(?:\/(tcp|udp|sctp))?$/i.exec(port);
        if (!p || Number(p[1]) > 65535) throw bad(change, `invalid port "${port}"`);
        ports[`${Number(p[1])}/${(p[2] ?? 'tcp').toLowerCase()}`] = {};
      }
      config.ExposedPorts = ports;
      break;
    }
    case 'USER': config.User = single(rest, change); break;
    case 'WORKDIR': config.WorkingDir = posix.resolve(config.WorkingDir || '/', single(rest, change)); break;
    case 'VOLUME': {
      const volumes = { ...(config.Volumes ?? {}) };
      for (const v of rest.startsWith('[') ? jsonArray(rest, change) : words(rest, change)) volumes[v] = {};
      config.Volumes = volumes;
      break;
    }
    case 'STOPSIGNAL': config.StopSignal = single(rest, change); break;
    case 'ONBUILD': config.OnBuild = [...((config.OnBuild as string[] | undefined) ?? []), rest]; break;
  }
}

function commandForm(rest: string, change: string): string[] {
  if (rest.startsWith('[')) {
    try {
      return jsonArray(rest, change);
    } catch {
      // Docker falls back to the shell form when the JSON does not parse.
    }
  }
  return rest === '' ? [] : ['/bin/sh', '-c', rest];
}

function jsonArray(text: string, change: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw bad(change, 'not a valid JSON array');
  }
  if (!Array.isArray(value) || value.some((s) => typeof s !== 'string')) throw bad(change, 'expected a JSON array of strings');
  return value as string[];
}

function single(rest: string, change: string): string {
  const list = words(rest, change);
  if (list.length !== 1) throw bad(change, 'expected exactly one value');
  return list[0]!;
}

/** Splits on unquoted whitespace; "..." and '...' group, `\` escapes. */
export function words(text: string, change: string): string[] {
  const out: string[] = [];
  let current = '';
  let inWord = false;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && quote !== "'" && i + 1 < text.length) {
      current += text[++i]!;
      inWord = true;
    } else if (quote) {
      if (c === quote) quote = undefined;
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) out.push(current);
      current = '';
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (quote) throw bad(change, 'unterminated quote');
  if (inWord) out.push(current);
  return out;
}

/** `k=v k2="v 2"`, or the old `KEY value with spaces` form. */
function keyValues(rest: string, change: string, allowOldForm: boolean): [string, string][] {
  const list = words(rest, change);
  if (!list[0]!.includes('=')) {
    if (!allowOldForm || list.length < 2) throw bad(change, 'expected KEY=VALUE');
    return [[list[0]!, rest.slice(rest.indexOf(list[0]!) + list[0]!.length).trim()]];
  }
  return list.map((w) => {
    const eq = w.indexOf('=');
    if (eq <= 0) throw bad(change, `"${w}" is not KEY=VALUE`);
    return [w.slice(0, eq), w.slice(eq + 1)];
  });
}

function setEnv(env: string[], pairs: [string, string][]): string[] {
  const out = [...env];
  for (const [key, value] of pairs) {
    const i = out.findIndex((e) => e.split('=', 1)[0] === key);
    if (i >= 0) out[i] = `${key}=${value}`;
    else out.push(`${key}=${value}`);
  }
  return out;
}
