// `info` as Docker prints it: "Key: value" lines, sub-items one space deeper.
import type { SystemInfo } from '../../engine/system/system-info.js';

const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** go-units BytesSize: binary units with Go's %.4g ("23.47GiB"). */
export function bytesSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BINARY.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number(value.toPrecision(4))}${BINARY[unit]}`;
}

export function renderInfo(info: SystemInfo, clientVersion: string, debug: boolean): string {
  const lines = [
    'Client:',
    ` Version:    ${clientVersion}`,
    ' Context:    default',
    ` Debug Mode: ${debug}`,
    '',
    'Server:',
    ` Containers: ${info.Containers}`,
    `  Running: ${info.ContainersRunning}`,
    `  Paused: ${info.ContainersPaused}`,
    `  Stopped: ${info.ContainersStopped}`,
    ` Images: ${info.Images}`,
    ` Server Version: ${clientVersion}`,
    ` Storage Driver: ${info.Driver}`,
    ...info.DriverStatus.map(([k, v]) => `  ${k}: ${v}`),
    ` Cgroup Driver: ${info.CgroupDriver}`,
    ` Cgroup Version: ${info.CgroupVersion || 'unknown'}`,
    ` Kernel Version: ${info.KernelVersion}`,
    ` Operating System: ${info.OperatingSystem}`,
    ` OSType: ${info.OSType}`,
    ` Architecture: ${info.Architecture}`,
    ` CPUs: ${info.NCPU}`,
    ` Total Memory: ${bytesSize(info.MemTotal)}`,
    ` Name: ${info.Name}`,
    ` Root Dir: ${info.RootDir}`,
    ` Config File: ${info.ConfigFile}`,
    ` Default Network: ${info.DefaultNetwork.Name} (${info.DefaultNetwork.Bridge}, ${info.DefaultNetwork.Gateway})`,
    ` Volumes: ${info.Volumes}`,
    ` Networks: ${info.Networks}`,
  ];
  if (info.RegistryConfig.InsecureRegistries.length) lines.push(' Insecure Registries:', ...info.RegistryConfig.InsecureRegistries.map((r) => `  ${r}`));
  if (info.RegistryConfig.Mirrors.length) lines.push(' Registry Mirrors:', ...info.RegistryConfig.Mirrors.map((r) => `  ${r}`));
  lines.push(` Max Concurrent Downloads: ${info.RegistryConfig.MaxConcurrentDownloads}`);
  return lines.join('\n') + '\n';
}
