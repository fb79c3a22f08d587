// Signal names and numbers as Docker accepts them (its Linux SignalMap):
// "TERM", "SIGTERM", "term", "15", "RTMIN+3". Checked here so a bad name is
// Docker's one-line error before anything reaches the helper, which is then
// given the number.
import { UsageError } from '../errors.js';

const SIGNALS: Record<string, number> = {
  HUP: 1, INT: 2, QUIT: 3, ILL: 4, TRAP: 5, ABRT: 6, IOT: 6, BUS: 7, FPE: 8, KILL: 9, USR1: 10,
  SEGV: 11, USR2: 12, PIPE: 13, ALRM: 14, TERM: 15, STKFLT: 16, CHLD: 17, CLD: 17, CONT: 18,
  STOP: 19, TSTP: 20, TTIN: 21, TTOU: 22, URG: 23, XCPU: 24, XFSZ: 25, VTALRM: 26, PROF: 27,
  WINCH: 28, IO: 29, POLL: 29, PWR: 30, SYS: 31, UNUSED: 31,
};
const RTMIN = 34;
const RTMAX = 64;

/** The signal's number, or UsageError `invalid signal: X` (Docker's words). */
export function parseSignal(input: string): number {
  if (/^[0-9]+$/.test(input)) {
    const n = Number(input);
    if (n >= 1 && n <= RTMAX) return n;
    throw new UsageError(`invalid signal: ${input}`);
  }
  const name = input.toUpperCase().replace(/^SIG/, '');
  const known = SIGNALS[name];
  if (known !== undefined) return known;
  const rt = /^RT(MIN|MAX)(?:([+-])([0-9]{1,2}))?$/.exec(name);
  if (rt) {
    const offset = rt[3] === undefined ? 0 : Number(rt[3]) * (rt[2] === '+' ? 1 : -1);
    const n = (rt[1] === 'MIN' ? RTMIN : RTMAX) + offset;
    // Docker names RTMIN..RTMIN+15 and RTMAX-14..RTMAX.
    if (n >= RTMIN && n <= RTMAX && (rt[1] === 'MIN' ? offset >= 0 : offset <= 0)) return n;
  }
  throw new UsageError(`invalid signal: ${input}`);
}
