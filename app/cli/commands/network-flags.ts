// run/create's network flags: --network, -p, -P, --add-host, --dns, --ip, --network-alias.
import { checkAlias, checkDns, checkExtraHost, checkIp } from '../../../engine/network/container-network.js';
import { parsePublish } from '../../../engine/network/ports.js';
import { flagBool, flagList, flagString, type FlagSpec, type ParsedArgs } from '../args.js';
import type { CreateOptions } from '../../../engine/containers/create-container.js';

export const NETWORK_FLAGS: FlagSpec[] = [
  { long: 'network', kind: 'string', valueName: 'network', description: 'Connect a container to a network (bridge, none, host or a network name)' },
  { long: 'publish', short: 'p', kind: 'list', valueName: 'list', description: "Publish a container's port(s) to the host" },
  { long: 'publish-all', short: 'P', kind: 'bool', description: 'Publish all exposed ports to random ports' },
  { long: 'add-host', kind: 'list', valueName: 'list', description: 'Add a custom host-to-IP mapping (host:ip)' },
  { long: 'dns', kind: 'list', valueName: 'list', description: 'Set custom DNS servers' },
  { long: 'ip', kind: 'string', valueName: 'string', description: 'IPv4 address (e.g., 172.30.100.104)' },
  { long: 'network-alias', kind: 'list', valueName: 'list', description: 'Add network-scoped alias for the container' },
];

export function networkOptions(args: ParsedArgs): NonNullable<CreateOptions['network']> {
  const ip = flagString(args, 'ip');
  return {
    mode: flagString(args, 'network') ?? 'bridge',
    ports: flagList(args, 'publish').flatMap(parsePublish),
    publishAll: flagBool(args, 'publish-all'),
    extraHosts: flagList(args, 'add-host').map(checkExtraHost),
    dns: flagList(args, 'dns').map(checkDns),
    ip: ip === undefined ? undefined : checkIp(ip),
    aliases: flagList(args, 'network-alias').map(checkAlias),
  };
}
