// Extended attributes of every entry under a directory. Node cannot read
// xattrs, so this asks getfattr (the attr package) once for the whole tree.
// Without getfattr the answer is empty: the tar loses xattrs and opaque
// markers, which matters only for layers whose original blob is gone.
import { execFile } from 'node:child_process';
import { relative } from 'node:path';

const GETFATTR = '/usr/bin/getfattr';

/** relative path -> (xattr name -> value). */
export async function readXattrs(dir: string): Promise<Map<string, Map<string, Buffer>>> {
  const out = await new Promise<string | undefined>((resolve) => {
    execFile(GETFATTR, ['-R', '-P', '-d', '-m', '-', '-e', 'base64', '--absolute-names', dir],
      { maxBuffer: 256 * 1024 * 1024, encoding: 'latin1' },
      (err, stdout) => resolve(err && !stdout ? undefined : stdout));
  });
  return out === undefined ? new Map() : parseDump(out, dir);
}

/** getfattr's dump: "# file: PATH" then NAME=0sBASE64 lines; PATH escapes bytes as \ooo. */
export function parseDump(text: string, dir: string): Map<string, Map<string, Buffer>> {
  const result = new Map<string, Map<string, Buffer>>();
  let current: Map<string, Buffer> | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('# file: ')) {
      const path = unescape(line.slice('# file: '.length));
      current = new Map();
      result.set(relative(dir, path), current);
      continue;
    }
    const eq = line.indexOf('=');
    if (!current || eq <= 0) continue;
    const value = line.slice(eq + 1);
    current.set(unescape(line.slice(0, eq)), value.startsWith('0s') ? Buffer.from(value.slice(2), 'base64') : Buffer.from(value.replace(/^"|"$/g, ''), 'latin1'));
  }
  return result;
}

/** Undoes getfattr's quoting (bytes as latin1 chars, \ooo and \\), giving UTF-8 text. */
function unescape(quoted: string): string {
  const bytes = Buffer.from(quoted.replace(/\\([0-7]{3})|\\\\/g, (m, oct: string | undefined) => (oct ? String.fromCharCode(parseInt(oct, 8)) : '\\')), 'latin1');
  return bytes.toString('utf8');
}
