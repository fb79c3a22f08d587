// Extended attributes of a whole tree, read with getfattr(1) in one pass:
// Node has no getxattr, and overlayfs marks opaque directories with
// trusted.overlay.opaque. Only the attributes a layer may carry are kept
// (the ones the helper's apply-layer restores).
import { spawn } from 'node:child_process';
import { TscontainError } from '../errors.js';

export interface TreeXattrs {
  /** Relative path ('' = the root) -> attributes a layer keeps. */
  kept: Map<string, Record<string, Buffer>>;
  /** Directories marked trusted.overlay.opaque=y. */
  opaque: Set<string>;
  /** Paths with overlay metadata we cannot turn into a layer (redirect_dir, metacopy). */
  unsupported: Map<string, string>;
}

export function keepXattr(name: string): boolean {
  return name.startsWith('user.') || name.startsWith('system.posix_acl_') || name === 'security.capability';
}

export async function readTreeXattrs(root: string, signal?: AbortSignal): Promise<TreeXattrs> {
  const out = await runGetfattr(['-R', '-P', '-h', '-d', '-m', '-', '-e', 'base64', '--absolute-names', '--', root], root, signal);
  return parseGetfattr(out, root);
}

/** Which of `paths` (absolute, not followed if links) are opaque overlay directories; one getfattr run. */
export async function opaqueDirs(paths: readonly string[], signal?: AbortSignal): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  const out = await runGetfattr(['-h', '-d', '-m', '^trusted\\.overlay\\.opaque$', '-e', 'base64', '--absolute-names', '--', ...paths], paths[0]!, signal);
  return new Set([...parseGetfattr(out, '/').opaque].map((rel) => `/${rel}`));
}

/** The opaque directories of a whole tree (relative, '' = its root); one getfattr run. */
export async function opaqueTree(root: string, signal?: AbortSignal): Promise<Set<string>> {
  const out = await runGetfattr(['-R', '-P', '-h', '-d', '-m', '^trusted\\.overlay\\.opaque$', '-e', 'base64', '--absolute-names', '--', root], root, signal);
  return parseGetfattr(out, root).opaque;
}

function runGetfattr(args: string[], root: string, signal?: AbortSignal): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('getfattr', args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      signal,
    });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d.slice(0, 4096)));
    child.once('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'ENOENT'
        ? new TscontainError('TOOL_MISSING', 'getfattr is not installed, so extended attributes cannot be read', { hint: 'apt-get install attr', cause: err })
        : err);
    });
    // getfattr exits 1 when some file has no attribute support; its listing is still whole.
    child.once('close', (code) => {
      if (code === 0 || (code === 1 && !/No such file|Permission denied/.test(stderr))) resolve(Buffer.concat(chunks));
      else reject(new TscontainError('XATTR_READ', `reading extended attributes under ${root}: ${stderr.trim().split('\n')[0] ?? `exit ${code}`}`));
    });
  });
}

/** getfattr writes unprintable bytes, `\` and `=` of names as `\ooo`. */
function unquote(text: string): string {
  const bytes: number[] = [];
  const raw = Buffer.from(text, 'utf8');
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === 0x5c && i + 3 < raw.length && /^[0-7]{3}$/.test(raw.toString('latin1', i + 1, i + 4))) {
      bytes.push(parseInt(raw.toString('latin1', i + 1, i + 4), 8));
      i += 3;
    } else bytes.push(raw[i]!);
  }
  return Buffer.from(bytes).toString('utf8');
}

export function parseGetfattr(output: Buffer, root: string): TreeXattrs {
  const result: TreeXattrs = { kept: new Map(), opaque: new Set(), unsupported: new Map() };
  const prefix = root.endsWith('/') ? root : `${root}/`;
  let current: string | undefined;
  for (const line of output.toString('utf8').split('\n')) {
    if (line.startsWith('# file: ')) {
      const path = unquote(line.slice(8));
      current = path === root || `${path}/` === prefix ? '' : path.startsWith(prefix) ? path.slice(prefix.length) : undefined;
      continue;
    }
    if (current === undefined || line === '') continue;
    const eq = line.indexOf('=');
    const name = unquote(eq < 0 ? line : line.slice(0, eq));
    const value = decodeValue(eq < 0 ? '' : line.slice(eq + 1));
    if (name === 'trusted.overlay.opaque') {
      if (value.toString() === 'y') result.opaque.add(current);
    } else if (name === 'trusted.overlay.redirect' || name === 'trusted.overlay.metacopy') {
      result.unsupported.set(current, name);
    } else if (keepXattr(name)) {
      const attrs = result.kept.get(current) ?? {};
      attrs[name] = value;
      result.kept.set(current, attrs);
    }
  }
  return result;
}

function decodeValue(text: string): Buffer {
  if (text.startsWith('0s')) return Buffer.from(text.slice(2), 'base64');
  if (text.startsWith('0x')) return Buffer.from(text.slice(2), 'hex');
  if (text.startsWith('"') && text.endsWith('"')) return Buffer.from(unquote(text.slice(1, -1)));
  return Buffer.from(text);
}
