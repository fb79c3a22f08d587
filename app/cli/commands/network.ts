// `network create/ls/rm/inspect/connect/disconnect/prune`, Docker's output.
import { readAllRecords } from '../../../engine/containers/lookup.js';
import { TscontainError } from '../../../engine/errors.js';
import {
  allNetworks, connectNetwork, createNetwork, disconnectNetwork, findNetwork, inspectNetworkObject, pruneNetworks, removeNetwork,
} from '../../../engine/network/network-ops.js';
import { formatColumns } from '../../format/columns.js';
import { renderInspect } from '../../format/inspect-format.js';
import { flagBool, flagList, flagString } from '../args.js';
import { checkAlias } from '../../../engine/network/container-network.js';
import { write, type Command } from '../command.js';
import { confirm } from '../prompt.js';
import { collectEach, forEachContainer, requireOperands } from './container-cli.js';

export const networkCreateCommand: Command = {
  name: 'network create',
  summary: 'Create a network',
  usage: 'tscontain network create [--subnet CIDR] [--gateway IP] NETWORK',
  flags: [
    { long: 'subnet', kind: 'string', valueName: 'string', description: 'Subnet in CIDR format' },
    { long: 'gateway', kind: 'string', valueName: 'string', description: 'IPv4 gateway for the subnet' },
    { long: 'driver', short: 'd', kind: 'string', valueName: 'string', description: 'Driver to manage the network (only "bridge")' },
  ],
  needsRoot: true,
  async run(ctx, args) {
    requireOperands(args, 'network create');
    const driver = flagString(args, 'driver') ?? 'bridge';
    if (driver !== 'bridge') throw new TscontainError('USAGE', `plugin "${driver}" not found: only the bridge driver exists`);
    const { layout } = await ctx.engine();
    const record = await createNetwork(layout, { name: args.operands[0]!, subnet: flagString(args, 'subnet'), gateway: flagString(args, 'gateway') });
    write(ctx.stdout, record.id);
    return 0;
  },
};

export const networkLsCommand: Command = {
  name: 'network ls',
  aliases: ['network list'],
  summary: 'List networks',
  usage: 'tscontain network ls [OPTIONS]',
  flags: [
    { long: 'quiet', short: 'q', kind: 'bool', description: 'Only display network IDs' },
    { long: 'no-trunc', kind: 'bool', description: "Don't truncate the output" },
  ],
  needsRoot: true,
  async run(ctx, args) {
    const { layout } = await ctx.engine();
    const networks = await allNetworks(layout);
    const id = (full: string) => (flagBool(args, 'no-trunc') ? full : full.slice(0, 12));
    if (flagBool(args, 'quiet')) {
      if (networks.length) write(ctx.stdout, networks.map((n) => id(n.id)).join('\n'));
      return 0;
    }
    // host and none are modes, not records; Docker lists them as networks.
    const rows = [
      ...networks.map((n) => [id(n.id), n.name, n.driver, 'local']),
      ['host', 'host', 'host', 'local'],
      ['none', 'none', 'null', 'local'],
    ];
    ctx.stdout.write(formatColumns(['NETWORK ID', 'NAME', 'DRIVER', 'SCOPE'], rows));
    return 0;
  },
};

export const networkRmCommand: Command = {
  name: 'network rm',
  aliases: ['network remove'],
  summary: 'Remove one or more networks',
  usage: 'tscontain network rm NETWORK [NETWORK...]',
  flags: [],
  needsRoot: true,
  async run(ctx, args) {
    requireOperands(args, 'network rm');
    const { layout } = await ctx.engine();
    return forEachContainer(ctx, args.operands, async (input) => {
      await removeNetwork(layout, input);
      return input;
    });
  },
};

export const networkInspectCommand: Command = {
  name: 'network inspect',
  summary: 'Display detailed information on one or more networks',
  usage: 'tscontain network inspect [-f FORMAT] NETWORK [NETWORK...]',
  flags: [
    { long: 'format', short: 'f', kind: 'string', valueName: 'string', description: 'Format output using a Go template, or json' },
  ],
  needsRoot: true,
  async run(ctx, args) {
    requireOperands(args, 'network inspect');
    const { layout } = await ctx.engine();
    const names = new Map((await readAllRecords(layout)).map((r) => [r.config.id, r.config.name]));
    const { found, status } = await collectEach(ctx, args.operands, async (input) => inspectNetworkObject(await findNetwork(layout, input), names));
    ctx.stdout.write(renderInspect(flagString(args, 'format'), found));
    return status;
  },
};

export const networkConnectCommand: Command = {
  name: 'network connect',
  summary: 'Connect a container to a network',
  usage: 'tscontain network connect [--ip IP] [--alias ALIAS] NETWORK CONTAINER',
  flags: [
    { long: 'ip', kind: 'string', valueName: 'string', description: 'IPv4 address' },
    { long: 'alias', kind: 'list', valueName: 'strings', description: 'Add network-scoped alias for the container' },
  ],
  needsRoot: true,
  async run(ctx, args) {
    requireOperands(args, 'network connect', 2);
    const { layout } = await ctx.engine();
    await connectNetwork(layout, args.operands[0]!, args.operands[1]!, flagString(args, 'ip'), flagList(args, 'alias').map(checkAlias));
    return 0;
  },
};

export const networkDisconnectCommand: Command = {
  name: 'network disconnect',
  summary: 'Disconnect a container from a network',
  usage: 'tscontain network disconnect NETWORK CONTAINER',
  flags: [],
  needsRoot: true,
  async run(ctx, args) {
    requireOperands(args, 'network disconnect', 2);
    const { layout } = await ctx.engine();
    await disconnectNetwork(layout, args.operands[0]!, args.operands[1]!);
    return 0;
  },
};

export const networkPruneCommand: Command = {
  name: 'network prune',
  summary: 'Remove all unused networks',
  usage: 'tscontain network prune [-f]',
  flags: [{ long: 'force', short: 'f', kind: 'bool', description: 'Do not prompt for confirmation' }],
  needsRoot: true,
  async run(ctx, args) {
    if (!flagBool(args, 'force') && !(await confirm(process.stdin, ctx.stdout, 'This will remove all custom networks not used by at least one container.'))) return 0;
    const { layout } = await ctx.engine();
    const removed = await pruneNetworks(layout);
    if (removed.length) write(ctx.stdout, `Deleted Networks:\n${removed.join('\n')}`);
    return 0;
  },
};
