// The driver for this host's cgroup layout. Hybrid hosts are driven as v1:
// their v2 mount has no controllers.
import { detectCgroups, type CgroupHost } from './detect.js';
import { checkCgroupName, type CgroupDriver } from './driver.js';
import { V1Driver } from './driver-v1.js';
import { V2Driver } from './driver-v2.js';

export interface DriverOptions {
  /** The cgroup under which every container gets its own, in each hierarchy. */
  parent?: string;
}

export const DEFAULT_CGROUP_PARENT = 'tscontain';

export function createCgroupDriver(host: CgroupHost = detectCgroups(), options: DriverOptions = {}): CgroupDriver {
  const parent = options.parent ?? DEFAULT_CGROUP_PARENT;
  // One path component: on v2 every level between the root and the containers would need its controllers enabled.
  checkCgroupName(parent);
  return host.version === 2 ? new V2Driver(host, parent) : new V1Driver(host, parent);
}
