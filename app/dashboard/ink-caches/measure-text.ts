// Ink's measure-text (width of the widest line, number of lines), with a bounded cache.
import widestLine from 'widest-line';
import { BoundedCache } from './bounded-cache.js';

export interface TextSize {
  width: number;
  height: number;
}

const cache = new BoundedCache<TextSize>();

export default function measureText(text: string): TextSize {
  if (text.length === 0) return { width: 0, height: 0 };
  const known = cache.get(text);
  if (known) return known;
  const size = { width: widestLine(text), height: text.split('\n').length };
  cache.set(text, size);
  return size;
}
