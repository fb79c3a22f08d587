// `version`: Docker's layout, a Client section (this CLI and its runtime) and
// a Server section standing for the engine, which here is the helper.
import { arch, platform, release } from 'node:os';
import { helperStatus, type HelperStatus } from '../../../engine/system/helper-status.js';
import { renderKeyValues, type KeyValueLine } from '../../format/key-values.js';
import { renderObject } from '../../format/inspect-format.js';
import { flagString } from '../args.js';
import type { Command } from '../command.js';
import { VERSION } from '../help.js';

/** Go's GOARCH names, which Docker's OS/Arch shows. */
export function goArch(nodeArch: string = arch()): string {
  const map: Record<string, string> = { x64: 'amd64', ia32: '386', ppc64: 'ppc64le' };
  return map[nodeArch] ?? nodeArch;
}

export interface VersionObject {
  Client: { Version: string; NodeVersion: string; Os: string; Arch: string };
  Server: {
    Version: string; Os: string; Arch: string; KernelVersion: string;
    Helper: { Path: string; Installed: boolean; SetuidRoot: boolean; Mode: string; Owner: string; Group: string; Sha256: string; MatchesBuild: boolean | null; Error: string };
  };
}

export function versionObject(h: HelperStatus): VersionObject {
  return {
    Client: { Version: VERSION, NodeVersion: process.version, Os: platform(), Arch: goArch() },
    Server: {
      Version: VERSION, Os: platform(), Arch: goArch(), KernelVersion: release(),
      Helper: {
        Path: h.path ?? '', Installed: h.path !== undefined, SetuidRoot: h.setuidRoot, Mode: h.mode, Owner: h.owner, Group: h.group,
        Sha256: h.sha256 ?? '', MatchesBuild: h.matchesBuild ?? null, Error: h.error ?? '',
      },
    },
  };
}

function installedText(h: VersionObject['Server']['Helper']): string {
  if (!h.Installed) return 'no';
  const how = `${h.Mode} ${h.Owner}:${h.Group}`;
  return h.SetuidRoot ? `setuid root (${how})` : `not setuid root (${how})`;
}

export function versionLines(v: VersionObject): KeyValueLine[] {
  const h = v.Server.Helper;
  return [
    'Client:',
    [1, 'Version', v.Client.Version],
    [1, 'Node version', v.Client.NodeVersion],
    [1, 'OS/Arch', `${v.Client.Os}/${v.Client.Arch}`],
    '',
    'Server: tscontain (daemonless)',
    [1, 'Engine', ''],
    [2, 'Version', v.Server.Version],
    [2, 'OS/Arch', `${v.Server.Os}/${v.Server.Arch}`],
    [2, 'Kernel version', v.Server.KernelVersion],
    [1, 'Helper', ''],
    [2, 'Path', h.Installed ? h.Path : `not found: ${h.Error}`],
    [2, 'Installed', installedText(h)],
    [2, 'Matches build', h.MatchesBuild === null ? 'unknown (no build in this checkout, or the helper is unreadable)' : h.MatchesBuild ? 'yes' : 'no (run `sudo npm run setup` to reinstall it)'],
    ...(h.Sha256 ? [[2, 'SHA-256', h.Sha256] as KeyValueLine] : []),
  ];
}

export const versionCommand: Command = {
  name: 'version',
  summary: 'Show the tscontain version information',
  usage: 'tscontain version [OPTIONS]',
  flags: [
    { long: 'format', short: 'f', kind: 'string', valueName: 'string', description: "Format output using a custom template: 'json' or a Go template" },
  ],
  needsRoot: false,
  async run(ctx, args) {
    const v = versionObject(await helperStatus());
    ctx.stdout.write(renderObject(flagString(args, 'format'), v) ?? renderKeyValues(versionLines(v)));
    return 0;
  },
};
