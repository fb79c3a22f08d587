// Ink's wrap-text (wrap, hard-wrap or cut a text to a width), with a bounded cache.
import wrapAnsi from 'wrap-ansi';
import cliTruncate from 'cli-truncate';
import { BoundedCache } from './bounded-cache.js';

type WrapMode = 'wrap' | 'hard' | 'end' | 'middle' | 'truncate' | 'truncate-end' | 'truncate-middle' | 'truncate-start';

const cache = new BoundedCache<string>();

function wrapUncached(text: string, maxWidth: number, mode: WrapMode): string {
  if (mode === 'wrap') return wrapAnsi(text, maxWidth, { trim: false, hard: true });
  if (mode === 'hard') return wrapAnsi(text, maxWidth, { trim: false, hard: true, wordWrap: false });
  if (mode.startsWith('truncate')) {
    const position = mode === 'truncate-middle' ? 'middle' : mode === 'truncate-start' ? 'start' : 'end';
    return cliTruncate(text, maxWidth, { position });
  }
  return text;
}

export default function wrapText(text: string, maxWidth: number, mode: WrapMode): string {
  const key = `${text}\u0000${maxWidth}\u0000${mode}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  const wrapped = wrapUncached(text, maxWidth, mode);
  cache.set(key, wrapped);
  return wrapped;
}
