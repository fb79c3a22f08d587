// The parser of the Go text/template subset that `--format` accepts (Docker's
// CLI formats with Go templates): text, {{pipeline}} actions with `|` pipes,
// field chains (.A.B, $v.A), string/number literals, function calls with
// parentheses, {{if}}/{{else}}/{{end}}, {{range}} (with `$v :=` or
// `$k, $v :=`), {{with}}, and the {{- -}} whitespace trims.
import { UsageError } from '../../engine/errors.js';

export type Operand =
  | { kind: 'field'; base: string | null; path: string[] } // base null = dot, else a $variable
  | { kind: 'literal'; value: unknown }
  | { kind: 'ident'; name: string }
  | { kind: 'pipe'; pipe: Pipeline; path: string[] }; // (pipeline).Field.Chain

export type Command = Operand[];
export interface Pipeline {
  decl: string[];
  commands: Command[];
}

export type Node =
  | { kind: 'text'; text: string }
  | { kind: 'action'; pipe: Pipeline }
  | { kind: 'if' | 'range' | 'with'; pipe: Pipeline; body: Node[]; orElse: Node[] };

export function templateError(message: string): UsageError {
  return new UsageError(`template parsing error: ${message}`, { hint: 'see Go text/template; e.g. --format "{{.ID}}"' });
}

const TOKEN = /\s*(?:("(?:[^"\\]|\\.)*")|(`[^`]*`)|(-?\d+(?:\.\d+)?)|(\$[A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)|(\.(?:[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)?)|([A-Za-z_][A-Za-z0-9_]*)|(:=|\||\(|\)|,))/y;

type Token = { t: 'str' | 'num' | 'var' | 'field' | 'ident' | 'punct'; v: string; spaced: boolean };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (src.slice(pos).trim() !== '') {
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(src);
    if (!m) throw templateError(`unexpected "${src.slice(pos).trim()}" in action`);
    pos = TOKEN.lastIndex;
    const spaced = /^\s/.test(m[0]);
    if (m[1] !== undefined) out.push({ t: 'str', v: JSON.parse(m[1]) as string, spaced });
    else if (m[2] !== undefined) out.push({ t: 'str', v: m[2].slice(1, -1), spaced });
    else if (m[3] !== undefined) out.push({ t: 'num', v: m[3], spaced });
    else if (m[4] !== undefined) out.push({ t: 'var', v: m[4], spaced });
    else if (m[5] !== undefined) out.push({ t: 'field', v: m[5], spaced });
    else if (m[6] !== undefined) out.push({ t: 'ident', v: m[6], spaced });
    else out.push({ t: 'punct', v: m[7]!, spaced });
  }
  return out;
}

function parsePipeline(tokens: Token[], at: { i: number }, closer?: string): Pipeline {
  const decl: string[] = [];
  // `$v :=` or `$k, $v :=`
  const assign = tokens.findIndex((t, j) => j >= at.i && t.t === 'punct' && t.v === ':=');
  if (assign >= 0 && tokens.slice(at.i, assign).every((t) => t.t === 'var' || (t.t === 'punct' && t.v === ','))) {
    for (; at.i < assign; at.i++) if (tokens[at.i]!.t === 'var') decl.push(tokens[at.i]!.v);
    at.i = assign + 1;
  }
  const commands: Command[] = [[]];
  for (; at.i < tokens.length; at.i++) {
    const tok = tokens[at.i]!;
    if (tok.t === 'punct' && tok.v === closer) break;
    const cmd = commands[commands.length - 1]!;
    if (tok.t === 'punct' && tok.v === '|') {
      if (cmd.length === 0) throw templateError('missing command before "|"');
      commands.push([]);
    } else if (tok.t === 'punct' && tok.v === '(') {
      at.i++;
      const pipe = parsePipeline(tokens, at, ')');
      if (tokens[at.i]?.v !== ')') throw templateError('unclosed "("');
      const next = tokens[at.i + 1];
      const chained = next?.t === 'field' && !next.spaced && next.v !== '.';
      if (chained) at.i++;
      cmd.push({ kind: 'pipe', pipe, path: chained ? next.v.slice(1).split('.') : [] });
    } else if (tok.t === 'punct') {
      throw templateError(`unexpected "${tok.v}"`);
    } else if (tok.t === 'str') cmd.push({ kind: 'literal', value: tok.v });
    else if (tok.t === 'num') cmd.push({ kind: 'literal', value: Number(tok.v) });
    else if (tok.t === 'ident') {
      if (tok.v === 'true' || tok.v === 'false') cmd.push({ kind: 'literal', value: tok.v === 'true' });
      else if (tok.v === 'nil') cmd.push({ kind: 'literal', value: null });
      else cmd.push({ kind: 'ident', name: tok.v });
    } else if (tok.t === 'var') {
      const [base, ...path] = tok.v.split('.');
      cmd.push({ kind: 'field', base: base!, path });
    } else cmd.push({ kind: 'field', base: null, path: tok.v === '.' ? [] : tok.v.slice(1).split('.') });
  }
  if (commands.some((c) => c.length === 0)) throw templateError('missing value in pipeline');
  return { decl, commands };
}

interface Frame {
  kind: 'root' | 'if' | 'range' | 'with';
  pipe?: Pipeline;
  body: Node[];
  orElse: Node[];
  inElse: boolean;
}

export function parseTemplate(src: string): Node[] {
  const stack: Frame[] = [{ kind: 'root', body: [], orElse: [], inElse: false }];
  const top = () => stack[stack.length - 1]!;
  const emit = (n: Node) => (top().inElse ? top().orElse : top().body).push(n);
  let pos = 0;
  let trimNext = false;
  while (pos < src.length) {
    const open = src.indexOf('{{', pos);
    let text = src.slice(pos, open < 0 ? src.length : open);
    if (trimNext) text = text.replace(/^\s+/, '');
    if (open < 0) {
      if (text) emit({ kind: 'text', text });
      break;
    }
    const close = src.indexOf('}}', open + 2);
    if (close < 0) throw templateError('unclosed action');
    let inner = src.slice(open + 2, close);
    if (inner.startsWith('- ') || inner === '-') {
      text = text.replace(/\s+$/, '');
      inner = inner.slice(1);
    }
    trimNext = inner.endsWith(' -');
    if (trimNext) inner = inner.slice(0, -1);
    if (text) emit({ kind: 'text', text });
    pos = close + 2;
    if (inner.trim().startsWith('/*')) continue;
    const tokens = tokenize(inner);
    const head = tokens[0];
    if (head === undefined) throw templateError('missing value for command');
    if (head.t === 'ident' && (head.v === 'if' || head.v === 'range' || head.v === 'with')) {
      stack.push({ kind: head.v, pipe: parsePipeline(tokens, { i: 1 }), body: [], orElse: [], inElse: false });
    } else if (head.t === 'ident' && head.v === 'else') {
      if (top().kind === 'root' || top().inElse) throw templateError('unexpected {{else}}');
      top().inElse = true;
    } else if (head.t === 'ident' && head.v === 'end') {
      const frame = stack.pop()!;
      if (frame.kind === 'root') throw templateError('unexpected {{end}}');
      emit({ kind: frame.kind, pipe: frame.pipe!, body: frame.body, orElse: frame.orElse });
    } else {
      emit({ kind: 'action', pipe: parsePipeline(tokens, { i: 0 }) });
    }
  }
  if (stack.length > 1) throw templateError(`unexpected EOF: {{${top().kind}}} has no {{end}}`);
  return stack[0]!.body;
}
