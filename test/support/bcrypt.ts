// A zero-dependency bcrypt ($2b$/$2y$) for writing the registry's htpasswd file.
// The registry only accepts bcrypt entries, and neither Node nor the Debian
// base system ships a bcrypt CLI (`htpasswd -B` needs apache2-utils). Blowfish's
// initial tables are the hexadecimal digits of pi, which we compute with BigInt
// (Machin's formula) instead of carrying a 1042-word constant table.
// Test-only code: not constant-time, not meant for production secrets.
import { randomBytes } from 'node:crypto';

const WORDS = 18 + 4 * 256; // P-array then the four S-boxes

let piWordsCache: Uint32Array | undefined;

/** The first `WORDS` 32-bit words of the fractional part of pi (Blowfish's init). */
function piWords(): Uint32Array {
  if (piWordsCache) return piWordsCache;
  const bits = BigInt(WORDS * 32);
  const guard = 64n;
  const one = 1n << (bits + guard);
  const arctanInv = (x: bigint): bigint => {
    const x2 = x * x;
    let term = one / x;
    let sum = term;
    for (let k = 1n; term !== 0n; k++) {
      term /= x2;
      const t = term / (2n * k + 1n);
      sum += k % 2n === 1n ? -t : t;
    }
    return sum;
  };
  const pi = (16n * arctanInv(5n) - 4n * arctanInv(239n)) >> guard;
  let frac = pi - (3n << bits);
  const out = new Uint32Array(WORDS);
  for (let i = WORDS - 1; i >= 0; i--) {
    out[i] = Number(frac & 0xffffffffn);
    frac >>= 32n;
  }
  piWordsCache = out;
  return out;
}

class Blowfish {
  readonly p: Uint32Array;
  readonly s: Uint32Array; // four boxes of 256, contiguous
  constructor() {
    const init = piWords();
    this.p = init.slice(0, 18);
    this.s = init.slice(18);
  }
  private f(x: number): number {
    const s = this.s;
    return ((((s[x >>> 24]! + s[256 + ((x >>> 16) & 0xff)]!) >>> 0) ^ s[512 + ((x >>> 8) & 0xff)]!) + s[768 + (x & 0xff)]!) >>> 0;
  }
  /** Encrypts the 64-bit block lr[off], lr[off+1] in place. */
  encrypt(lr: Uint32Array, off: number): void {
    const p = this.p;
    let l = lr[off]!;
    let r = lr[off + 1]!;
    l ^= p[0]!;
    for (let i = 1; i <= 16; i += 2) {
      r ^= this.f(l) ^ p[i]!;
      l ^= this.f(r) ^ p[i + 1]!;
    }
    lr[off] = (r ^ p[17]!) >>> 0;
    lr[off + 1] = l >>> 0;
  }
  /** bcrypt's ExpandKey; `salt` undefined means the all-zero salt (Expand0State). */
  expand(key: Buffer, salt: Buffer | undefined): void {
    let kpos = 0;
    const keyWord = (): number => {
      let w = 0;
      for (let i = 0; i < 4; i++) {
        w = ((w << 8) | key[kpos]!) >>> 0;
        kpos = (kpos + 1) % key.length;
      }
      return w;
    };
    for (let i = 0; i < 18; i++) this.p[i] = (this.p[i]! ^ keyWord()) >>> 0;
    let spos = 0;
    const saltWord = (): number => {
      if (!salt) return 0;
      const w = salt.readUInt32BE(spos);
      spos = (spos + 4) % salt.length;
      return w;
    };
    const block = new Uint32Array(2);
    const fill = (arr: Uint32Array): void => {
      for (let i = 0; i < arr.length; i += 2) {
        block[0] = (block[0]! ^ saltWord()) >>> 0;
        block[1] = (block[1]! ^ saltWord()) >>> 0;
        this.encrypt(block, 0);
        arr[i] = block[0]!;
        arr[i + 1] = block[1]!;
      }
    };
    fill(this.p);
    fill(this.s);
  }
}

const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BCRYPT = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function encode64(buf: Buffer): string {
  const std = buf.toString('base64').replace(/=+$/, '');
  return [...std].map((c) => BCRYPT[STD.indexOf(c)]).join('');
}

function decode64(s: string, bytes: number): Buffer {
  const std = [...s].map((c) => {
    const i = BCRYPT.indexOf(c);
    if (i < 0) throw new Error(`bcrypt: bad base64 character ${JSON.stringify(c)}`);
    return STD[i];
  }).join('');
  return Buffer.from(std, 'base64').subarray(0, bytes);
}

/**
 * bcrypt(password) with the given cost (4..31) and 16-byte salt.
 * `prefix` is the version tag written out ('2b' as OpenBSD, '2y' as Apache htpasswd).
 */
export function bcryptHash(password: string, opts: { cost?: number; salt?: Buffer; prefix?: '2a' | '2b' | '2y' } = {}): string {
  const cost = opts.cost ?? 5;
  if (!Number.isInteger(cost) || cost < 4 || cost > 31) throw new Error(`bcrypt: cost ${cost} out of range 4..31`);
  const salt = opts.salt ?? randomBytes(16);
  if (salt.length !== 16) throw new Error('bcrypt: salt must be 16 bytes');
  const saltText = encode64(salt);
  return bcryptWithSetting(password, `$${opts.prefix ?? '2b'}$${String(cost).padStart(2, '0')}$${saltText}`);
}

/** crypt(3)-style: `setting` is `$2b$NN$` + 22 salt characters (a full hash works too). */
export function bcryptWithSetting(password: string, setting: string): string {
  const m = /^\$(2[aby])\$(\d\d)\$([./A-Za-z0-9]{22})/.exec(setting);
  if (!m) throw new Error(`bcrypt: bad setting ${JSON.stringify(setting)}`);
  const cost = Number(m[2]);
  const salt = decode64(m[3]!, 16);
  // The key is the password's bytes plus a NUL, cut at 72 bytes ($2b$ semantics).
  const key = Buffer.concat([Buffer.from(password, 'utf8'), Buffer.alloc(1)]).subarray(0, 72);
  const bf = new Blowfish();
  bf.expand(key, salt);
  for (let i = 0, n = 2 ** cost; i < n; i++) {
    bf.expand(key, undefined);
    bf.expand(salt, undefined);
  }
  const magic = Buffer.from('OrpheanBeholderScryDoubt', 'latin1');
  const ctext = new Uint32Array(6);
  for (let i = 0; i < 6; i++) ctext[i] = magic.readUInt32BE(i * 4);
  for (let i = 0; i < 64; i++) for (let j = 0; j < 6; j += 2) bf.encrypt(ctext, j);
  const out = Buffer.alloc(24);
  for (let i = 0; i < 6; i++) out.writeUInt32BE(ctext[i]!, i * 4);
  return `$${m[1]}$${m[2]}$${encode64(salt).slice(0, 22)}${encode64(out.subarray(0, 23))}`;
}

/** Checks `password` against a bcrypt hash. */
export function bcryptVerify(password: string, hash: string): boolean {
  return bcryptWithSetting(password, hash) === hash;
}
