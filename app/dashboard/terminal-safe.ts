// Container output shown inside the dashboard: only printable text. A log
// line may hold anything a program wrote: escape sequences that move the
// cursor, clear the screen, set the window title or the clipboard (OSC 52),
// carriage returns and tabs. Ink keeps OSC sequences and raw control bytes,
// which would tear the frame or reach the user's terminal; here they go.

/** ESC sequences: CSI (ESC [ ... final), OSC/DCS/SOS/PM/APC strings (to BEL or ST), and two-byte ESC X. */
const ESCAPES = /\u001b(?:\[[0-?]*[ -/]*[@-~]|[\]PX^_][^\u0007\u001b]*(?:\u0007|\u001b\\|$)|[@-Z\\-_]|[ -/]*[0-~]?)/g;
/** C1 controls, which some terminals act on as ESC sequences, and C0 ones but tab; DEL too. */
const CONTROLS = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;

/** `text` with escape sequences and control characters removed and tabs expanded to 8-column stops. */
export function terminalSafe(text: string): string {
  const out = text.replace(ESCAPES, '').replace(CONTROLS, '');
  if (!out.includes('\t')) return out;
  let expanded = '';
  for (const ch of out) expanded += ch === '\t' ? ' '.repeat(8 - (expanded.length % 8)) : ch;
  return expanded;
}
