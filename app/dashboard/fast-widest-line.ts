// widest-line for the bundled dashboard (scripts/bundle.sh aliases the
// package to this module). Ink measures every Text node with widest-line on
// every frame, and string-width takes its slow path (grapheme segmentation,
// emoji and East Asian width lookups) for any character outside printable
// ASCII: a table row cut with "…", a sparkline, the sort arrow. Those
// characters are all one cell wide (East Asian Width "A" or "N", taken as
// narrow as string-width does by default), so lines made only of them and
// ASCII are measured by their length; anything else goes to string-width.
import stringWidth from 'string-width';

/** Printable ASCII, middle dot, ellipsis, arrows, box drawing, block elements, sort triangles. */
const NARROW = /^[\x20-\x7e\u00b7\u2026\u2190-\u2193\u2500-\u259f\u25b2\u25b4\u25bc\u25be]*$/;

export default function widestLine(text: string): number {
  let widest = 0;
  for (const line of text.split('\n')) widest = Math.max(widest, NARROW.test(line) ? line.length : stringWidth(line));
  return widest;
}
