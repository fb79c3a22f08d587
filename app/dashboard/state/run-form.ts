// The "run a new container" form: one text field each for image, name,
// command, env, limits, ports and volumes, a focused field, and how the
// typed text becomes the request the engine port runs (detached).
export const RUN_FIELDS = [
  { key: 'image', label: 'Image', hint: 'alpine:latest (required)' },
  { key: 'name', label: 'Name', hint: 'optional' },
  { key: 'command', label: 'Command', hint: 'sh -c "echo hi"; empty: the image default' },
  { key: 'env', label: 'Env', hint: 'KEY=VALUE KEY2="two words"' },
  { key: 'memory', label: 'Memory', hint: '256m' },
  { key: 'cpus', label: 'CPUs', hint: '0.5' },
  { key: 'ports', label: 'Ports', hint: '8080:80, 443:443/tcp' },
  { key: 'volumes', label: 'Volumes', hint: 'data:/var/lib/data, /host:/ctr:ro' },
] as const;

export type RunField = (typeof RUN_FIELDS)[number]['key'];

export interface RunFormState {
  values: Record<RunField, string>;
  focus: number;
  /** A request is being sent; input waits. */
  submitting: boolean;
}

/** What the form asks the engine to run. */
export interface RunRequest {
  image: string;
  name: string | undefined;
  /** Empty: the image's default command. */
  command: string[];
  env: string[];
  memory: string | undefined;
  cpus: string | undefined;
  /** Docker's -p syntax, passed on as typed. */
  ports: string[];
  /** Docker's -v syntax, passed on as typed. */
  volumes: string[];
}

export function openRunForm(image = ''): RunFormState {
  const values = Object.fromEntries(RUN_FIELDS.map((f) => [f.key, ''])) as Record<RunField, string>;
  values.image = image;
  // With the image given, the cursor starts on the next field.
  return { values, focus: image ? 1 : 0, submitting: false };
}

export function focusedField(form: RunFormState): RunField {
  return RUN_FIELDS[form.focus]!.key;
}

export function moveFocus(form: RunFormState, delta: number): RunFormState {
  const n = RUN_FIELDS.length;
  return { ...form, focus: (((form.focus + delta) % n) + n) % n };
}

export function setField(form: RunFormState, text: string): RunFormState {
  return { ...form, values: { ...form.values, [focusedField(form)]: text } };
}

/** Shell-like words: spaces separate, quotes group, a backslash escapes. Throws on an open quote. */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < chars.length) word += chars[++i]!;
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (c === '\\' && i + 1 < chars.length) {
      word = (word ?? '') + chars[++i]!;
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (quote) throw new Error(`unclosed ${quote} in "${text}"`);
  if (word !== undefined) words.push(word);
  return words;
}

const list = (text: string) => text.split(/[\s,]+/).filter(Boolean);
const optional = (text: string) => (text.trim() === '' ? undefined : text.trim());

/** The request, or the one line saying what to fix. */
export function runRequest(form: RunFormState): { request: RunRequest } | { error: string } {
  const v = form.values;
  if (v.image.trim() === '') return { error: 'give an image to run' };
  try {
    const env = splitWords(v.env);
    const bad = env.find((e) => !/^[^=\s]+=/.test(e));
    if (bad !== undefined) return { error: `env entry "${bad}" is not KEY=VALUE` };
    return {
      request: {
        image: v.image.trim(), name: optional(v.name), command: splitWords(v.command), env,
        memory: optional(v.memory), cpus: optional(v.cpus), ports: list(v.ports), volumes: list(v.volumes),
      },
    };
  } catch (err) {
    return { error: (err as Error).message };
  }
}
