// inspect's fields for run-extras.ts's options, in Docker's ContainerJSON shape.
import { networkOf } from '../network/container-network.js';
import { DEFAULT_SHM_SIZE } from './run-extras.js';
import type { ContainerConfig } from './record.js';

export function extrasHostConfig(config: ContainerConfig): Record<string, unknown> {
  return {
    ShmSize: config.shmSize ?? DEFAULT_SHM_SIZE,
    GroupAdd: config.groupAdd?.length ? config.groupAdd : null,
    SecurityOpt: config.securityOpt?.length ? config.securityOpt : null,
    Devices: config.devices ?? [],
    ...(config.sysctls ? { Sysctls: config.sysctls } : {}),
    DnsSearch: config.dnsSearch ?? [],
    DnsOptions: config.dnsOptions ?? [],
    MemoryReservation: config.limits.memoryReservation ?? 0,
    CpuPeriod: config.limits.cpuPeriod ?? 0,
    CpuQuota: config.limits.cpuQuota ?? 0,
  };
}

export function extrasConfig(config: ContainerConfig): Record<string, unknown> {
  const exposed = networkOf(config).exposedPorts;
  return {
    Labels: config.labels ?? {},
    ...(config.stopTimeout !== undefined ? { StopTimeout: config.stopTimeout } : {}),
    ...(exposed.length ? { ExposedPorts: Object.fromEntries(exposed.map((p) => [p, {}])) } : {}),
  };
}
