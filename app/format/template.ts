// Executes the Go-template subset of `--format` (parser in template-parse.ts)
// over JSON-like data, printing values as Go's fmt %v does (maps as
// map[k:v], slices as [a b], a missing value as <no value>). Functions:
// json, index, join, split, upper, lower, title, len, print, println,
// printf (%s %d %v %q), eq, ne, lt, gt, not, and, or. A value that is a JS
// function is called with the action's arguments (`{{.Label "k"}}`).
import { parseTemplate, templateError, type Command, type Node, type Operand, type Pipeline } from './template-parse.js';

type Vars = Map<string, unknown>;

/** Go's %v for JSON-shaped values. */
export function goString(value: unknown): string {
  if (value === undefined || value === null) return '<no value>';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(goString).join(' ')}]`;
  if (typeof value === 'object') {
    const entries = Object.keys(value).sort().map((k) => `${k}:${goString((value as Record<string, unknown>)[k])}`);
    return `map[${entries.join(' ')}]`;
  }
  return String(value);
}

function truthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

function field(value: unknown, name: string, where: string): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    if (Object.hasOwn(value, name)) return (value as Record<string, unknown>)[name];
    throw templateError(`executing at <${where}>: map has no entry for key "${name}"`);
  }
  throw templateError(`executing at <${where}>: can't evaluate field ${name} in type ${value === null ? 'nil' : Array.isArray(value) ? 'slice' : typeof value}`);
}

function printf(format: string, args: unknown[]): string {
  let i = 0;
  return format.replace(/%([%sdvq])/g, (_, verb: string) => {
    if (verb === '%') return '%';
    const arg = args[i++];
    if (verb === 'q') return JSON.stringify(goString(arg));
    if (verb === 'd') return String(Math.trunc(Number(arg)));
    return goString(arg);
  });
}

function index(value: unknown, keys: unknown[]): unknown {
  let v = value;
  for (const key of keys) {
    if (Array.isArray(v) && typeof key === 'number') {
      if (key < 0 || key >= v.length) throw templateError(`error calling index: index out of range: ${key}`);
      v = v[key];
    } else if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      v = (v as Record<string, unknown>)[String(key)];
    } else if (v === null || v === undefined) {
      return undefined;
    } else throw templateError(`error calling index: cannot index ${typeof v} with ${goString(key)}`);
  }
  return v;
}

const FUNCS: Record<string, (...args: unknown[]) => unknown> = {
  json: (v) => JSON.stringify(v === undefined ? null : v),
  index: (v, ...keys) => index(v, keys),
  join: (list, sep) => (Array.isArray(list) ? list.map(goString).join(String(sep)) : goString(list)),
  split: (s, sep) => String(s).split(String(sep)),
  upper: (s) => goString(s).toUpperCase(),
  lower: (s) => goString(s).toLowerCase(),
  title: (s) => goString(s).replace(/\b\w/g, (c) => c.toUpperCase()),
  len: (v) => (typeof v === 'string' || Array.isArray(v) ? v.length : v && typeof v === 'object' ? Object.keys(v).length : 0),
  print: (...args) => args.map(goString).join(''),
  println: (...args) => `${args.map(goString).join(' ')}\n`,
  printf: (format, ...args) => printf(String(format), args),
  eq: (a, ...rest) => rest.some((b) => a === b),
  ne: (a, b) => a !== b,
  lt: (a, b) => (a as number) < (b as number),
  gt: (a, b) => (a as number) > (b as number),
  not: (v) => !truthy(v),
  and: (...args) => args.find((a) => !truthy(a)) ?? args[args.length - 1],
  or: (...args) => args.find((a) => truthy(a)) ?? args[args.length - 1],
};

function operand(op: Operand, dot: unknown, vars: Vars): unknown {
  switch (op.kind) {
    case 'literal':
      return op.value;
    case 'pipe': {
      let v = pipeline(op.pipe, dot, vars);
      for (const name of op.path) v = field(v, name, `(...).${name}`);
      return v;
    }
    case 'ident':
      throw templateError(`function "${op.name}" used as a value`);
    case 'field': {
      let v: unknown;
      if (op.base === null) v = dot;
      else if (vars.has(op.base)) v = vars.get(op.base);
      else throw templateError(`undefined variable "${op.base}"`);
      let where = op.base ?? '';
      for (const name of op.path) {
        where += `.${name}`;
        v = field(v, name, where);
      }
      return v;
    }
  }
}

function command(cmd: Command, dot: unknown, vars: Vars, piped: unknown[]): unknown {
  const [head, ...rest] = cmd;
  if (head!.kind === 'ident') {
    const fn = FUNCS[head!.name];
    if (!fn) throw templateError(`function "${head!.name}" not defined`);
    return fn(...rest.map((op) => operand(op, dot, vars)), ...piped);
  }
  const value = operand(head!, dot, vars);
  if (typeof value === 'function') return (value as (...a: unknown[]) => unknown)(...rest.map((op) => operand(op, dot, vars)), ...piped);
  if (rest.length > 0 || piped.length > 0) throw templateError(`can't give argument to non-function ${goString(value)}`);
  return value;
}

function pipeline(pipe: Pipeline, dot: unknown, vars: Vars): unknown {
  let value: unknown;
  pipe.commands.forEach((cmd, i) => {
    value = command(cmd, dot, vars, i === 0 ? [] : [value]);
  });
  return value;
}

function render(nodes: Node[], dot: unknown, vars: Vars, out: string[]): void {
  for (const node of nodes) {
    if (node.kind === 'text') out.push(node.text);
    else if (node.kind === 'action') {
      const value = pipeline(node.pipe, dot, vars);
      if (node.pipe.decl.length) vars.set(node.pipe.decl[0]!, value);
      else out.push(goString(value));
    } else if (node.kind === 'if') {
      render(truthy(pipeline(node.pipe, dot, vars)) ? node.body : node.orElse, dot, vars, out);
    } else if (node.kind === 'with') {
      const value = pipeline(node.pipe, dot, vars);
      if (truthy(value)) render(node.body, value, vars, out);
      else render(node.orElse, dot, vars, out);
    } else {
      const value = pipeline(node.pipe, dot, vars);
      const entries: [unknown, unknown][] = Array.isArray(value)
        ? value.map((v, i) => [i, v])
        : value !== null && typeof value === 'object'
          ? Object.keys(value).sort().map((k) => [k, (value as Record<string, unknown>)[k]])
          : [];
      if (!Array.isArray(value) && value !== null && value !== undefined && typeof value !== 'object') {
        throw templateError(`range can't iterate over ${goString(value)}`);
      }
      if (entries.length === 0) render(node.orElse, dot, vars, out);
      const [first, second] = node.pipe.decl;
      for (const [k, v] of entries) {
        const scope = new Map(vars);
        if (second !== undefined) {
          scope.set(first!, k);
          scope.set(second, v);
        } else if (first !== undefined) scope.set(first, v);
        render(node.body, v, scope, out);
      }
    }
  }
}

export interface Template {
  execute(data: unknown): string;
}

/** Parses once; execute() may run per row. Errors are UsageErrors ("template parsing error: ..."). */
export function compileTemplate(source: string): Template {
  const nodes = parseTemplate(source);
  return {
    execute(data: unknown): string {
      const out: string[] = [];
      render(nodes, data, new Map([['$', data]]), out);
      return out.join('');
    },
  };
}
