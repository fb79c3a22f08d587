// `port CONTAINER [PRIVATE_PORT[/PROTO]]`: the published ports of a running
// container, as Docker prints them ("80/tcp -> 0.0.0.0:8080").
import { findContainer } from '../../../engine/containers/lookup.js';
import { TscontainError } from '../../../engine/errors.js';
import { publishedPorts } from '../../../engine/network/inspect-settings.js';
import { write, type Command } from '../command.js';
import { requireOperands } from './container-cli.js';

export const portCommand: Command = {
  name: 'port',
  aliases: ['container port'],
  summary: 'List port mappings or a specific mapping for the container',
  usage: 'tscontain port CONTAINER [PRIVATE_PORT[/PROTO]]',
  flags: [],
  needsRoot: true,
  async run(ctx, args) {
    requireOperands(args, 'port');
    const { layout } = await ctx.engine();
    const record = await findContainer(layout, args.operands[0]!);
    let ports = publishedPorts(layout, record);
    const want = args.operands[1];
    if (want !== undefined) {
      const [num, proto = 'tcp'] = want.split('/');
      ports = ports.filter((p) => String(p.containerPort) === num && p.proto === proto);
      if (!ports.length) throw new TscontainError('USAGE', `No public port '${num}/${proto}' published for ${record.config.name}`);
      for (const p of ports) write(ctx.stdout, `${p.hostIp}:${p.hostPort}`);
      return 0;
    }
    for (const p of ports) write(ctx.stdout, `${p.containerPort}/${p.proto} -> ${p.hostIp}:${p.hostPort}`);
    return 0;
  },
};
