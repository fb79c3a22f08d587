// Docker's detach keys: the spec syntax (`ctrl-p,ctrl-q`, `ctrl-@`, single
// characters) and the stdin filter that spots the sequence.
import { UsageError } from '../../../engine/errors.js';

export const DEFAULT_DETACH_KEYS = 'ctrl-p,ctrl-q';

// The control characters Docker names by punctuation (moby/term ToBytes).
const CTRL_PUNCTUATION: Record<string, number> = { '@': 0, '[': 27, '\\': 28, ']': 29, '^': 30, '_': 31 };

/** Parses a detach-keys spec into the bytes the terminal sends. */
export function parseDetachKeys(spec: string): Buffer {
  const bytes: number[] = [];
  for (const key of spec.split(',')) {
    if (key.length === 1) {
      bytes.push(key.charCodeAt(0));
      continue;
    }
    const lower = key.toLowerCase();
    const named = lower.length === 6 && lower.startsWith('ctrl-') ? lower[5]! : undefined;
    if (named !== undefined && named >= 'a' && named <= 'z') {
      bytes.push(named.charCodeAt(0) - 'a'.charCodeAt(0) + 1);
    } else if (named !== undefined && named in CTRL_PUNCTUATION) {
      bytes.push(CTRL_PUNCTUATION[named]!);
    } else {
      throw new UsageError(`invalid detach keys "${spec}": unknown key "${key}"`, {
        hint: 'use a comma-separated list like "ctrl-p,ctrl-q": ctrl-<a-z, @, [, \\, ], ^, _> or single characters',
        fields: { detachKeys: spec },
      });
    }
  }
  // A single character code above 0xff cannot be typed as one byte.
  if (bytes.some((b) => b > 0xff)) {
    throw new UsageError(`invalid detach keys "${spec}": only single-byte characters are allowed`, {
      fields: { detachKeys: spec },
    });
  }
  return Buffer.from(bytes);
}

export interface DetachScan {
  /** Bytes to pass on to the container. */
  forward: Buffer;
  /** The whole sequence was typed: stop forwarding and detach. */
  detached: boolean;
}

/**
 * Watches stdin for the detach sequence. Bytes that could start the sequence
 * are held back until the next byte decides; if it does not continue the
 * sequence they are forwarded after all, so a lone Ctrl-p still reaches the
 * container. Like Docker, bytes after a completed sequence are dropped.
 */
export class DetachMatcher {
  private matched = 0;

  constructor(private readonly sequence: Buffer) {}

  scan(chunk: Uint8Array): DetachScan {
    const out: number[] = [];
    for (const byte of chunk) {
      if (this.sequence.length === 0) {
        out.push(byte);
        continue;
      }
      if (byte !== this.sequence[this.matched]) {
        // The held bytes were not the sequence after all; this byte may still start it.
        for (let i = 0; i < this.matched; i++) out.push(this.sequence[i]!);
        this.matched = 0;
        if (byte !== this.sequence[0]) {
          out.push(byte);
          continue;
        }
      }
      this.matched++;
      if (this.matched === this.sequence.length) {
        this.matched = 0;
        return { forward: Buffer.from(out), detached: true };
      }
    }
    return { forward: Buffer.from(out), detached: false };
  }
}
