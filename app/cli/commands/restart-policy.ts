// --restart. A restart policy needs something that outlives the container's
// exit and every tscontain command: Docker has its daemon, Podman a conmon
// exit command plus a systemd unit for reboots. tscontain has neither, so it
// takes Docker's default, "no", and refuses the others before anything is
// created rather than accept a promise it would not keep.
import { UsageError } from '../../../engine/errors.js';
import type { FlagSpec } from '../args.js';

export const RESTART_FLAG: FlagSpec = {
  long: 'restart', kind: 'string', valueName: 'string', description: 'Restart policy: only "no" (the default); tscontain has no daemon to restart containers',
};

const POLICY = /^(no|always|unless-stopped|on-failure(:\d+)?)$/;

/** Checks a --restart value; undefined and "no" pass. */
export function checkRestartPolicy(value: string | undefined): void {
  if (value === undefined || value === 'no') return;
  if (!POLICY.test(value)) {
    throw new UsageError(`invalid restart policy: ${JSON.stringify(value)}`, {
      hint: 'use no, always, unless-stopped or on-failure[:max-retries]',
    });
  }
  throw new UsageError(`restart policy ${JSON.stringify(value)} needs a daemon to watch the container, and tscontain has none`, {
    hint: 'leave out --restart, or run the container from a systemd unit (ExecStart=tscontain start -a NAME, Restart=always)',
  });
}
