// Docker's -u: "name", "uid", "name:group", "uid:gid", resolved through the
// container's own /etc/passwd and /etc/group into the numbers the helper
// takes. Supplementary groups are the primary one plus those listing the
// user as a member, as a login's initgroups gives.
import { ContainerError } from '../errors.js';
import { readContainerFiles, type FileLayer } from './image-files.js';

export interface ResolvedUser {
  uid: number;
  gid: number;
  groups: number[];
  /** The passwd entry's home, for HOME. */
  home: string | undefined;
  /** The passwd entry's login shell, for an interactive exec. */
  shell: string | undefined;
}

interface PasswdEntry { name: string; uid: number; gid: number; home: string; shell: string }
interface GroupEntry { name: string; gid: number; members: string[] }

function parsePasswd(text: string | undefined): PasswdEntry[] {
  return (text ?? '').split('\n').map((l) => l.split(':')).filter((f) => f.length >= 7 && /^\d+$/.test(f[2]!) && /^\d+$/.test(f[3]!))
    .map((f) => ({ name: f[0]!, uid: Number(f[2]), gid: Number(f[3]), home: f[5]!, shell: f[6]!.trim() }));
}

function parseGroup(text: string | undefined): GroupEntry[] {
  return (text ?? '').split('\n').map((l) => l.split(':')).filter((f) => f.length >= 4 && /^\d+$/.test(f[2]!))
    .map((f) => ({ name: f[0]!, gid: Number(f[2]), members: f[3]!.split(',').filter(Boolean) }));
}

const NUMBER = /^\d{1,10}$/;

function unknown(what: string): ContainerError {
  return new ContainerError('CONTAINER_USER_UNKNOWN', `unable to find ${what}: no matching entries in the container's ${what.startsWith('user') ? 'passwd' : 'group'} file`, {
    fields: { user: what },
  });
}

/** Group IDs of --group-add entries: numbers as they are, names from the container's /etc/group. */
function groupAddIds(groupAdd: readonly string[], groups: readonly GroupEntry[]): number[] {
  return groupAdd.map((g) => {
    if (/^\d+$/.test(g)) return Number(g);
    const entry = groups.find((n) => n.name === g);
    if (!entry) {
      throw new ContainerError('CONTAINER_USER_UNKNOWN', `unable to find group ${g}: no matching entries in the container's group file`, {
        fields: { group: g },
      });
    }
    return entry.gid;
  });
}

/**
 * `layers` topmost first, as for readContainerFiles (see containerFileLayers).
 * `groupAdd` (--group-add) joins the supplementary groups, resolved in the
 * same read of /etc/group.
 */
export async function resolveUser(spec: string, layers: readonly (string | FileLayer)[], groupAdd: readonly string[] = []): Promise<ResolvedUser> {
  const [userPart = '', groupPart] = spec.split(':', 2);
  const [passwdText, groupText] = await readContainerFiles(layers, ['/etc/passwd', '/etc/group']);
  const passwd = parsePasswd(passwdText);
  const groups = parseGroup(groupText);
  const user = userPart === '' ? 'root' : userPart;
  const entry = NUMBER.test(user) ? passwd.find((p) => p.uid === Number(user)) : passwd.find((p) => p.name === user);
  if (!entry && !NUMBER.test(user)) throw unknown(`user ${user}`);
  const uid = entry?.uid ?? Number(user);
  let gid = entry?.gid ?? 0;
  if (groupPart !== undefined && groupPart !== '') {
    const group = NUMBER.test(groupPart) ? { gid: Number(groupPart) } : groups.find((g) => g.name === groupPart);
    if (!group) throw unknown(`group ${groupPart}`);
    gid = group.gid;
  }
  const name = entry?.name;
  // Like a login's initgroups: the primary group first, then those listing the user.
  const supplementary = [gid, ...(name === undefined ? [] : groups.filter((g) => g.members.includes(name)).map((g) => g.gid))];
  if (uid > 0xfffffffe || gid > 0xfffffffe) throw unknown(`user ${spec}`);
  supplementary.push(...groupAddIds(groupAdd, groups));
  return { uid, gid, groups: [...new Set(supplementary)], home: entry?.home, shell: entry?.shell || undefined };
}
