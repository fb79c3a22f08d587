// The run form's request through the engine's create and start, detached,
// as `tscontain run -d` does.
import type { StoreLayout } from '../../engine/store/layout.js';
import { createContainer } from '../../engine/containers/create-container.js';
import { startContainer } from '../../engine/containers/start-container.js';
import { removeContainer } from '../../engine/containers/remove-container.js';
import { parsePublish } from '../../engine/network/ports.js';
import type { RunRequest } from './state/run-form.js';

/** Ports and volumes use the CLI's syntax (`-p` and `-v`), checked by the engine the same way. */
export async function runFromForm(layout: StoreLayout, request: RunRequest): Promise<{ name: string; warnings: string[] }> {
  const { record, warnings } = await createContainer(layout, {
    image: request.image, name: request.name, args: request.command, env: request.env,
    tty: false, openStdin: false, init: false, readOnly: false, privileged: false, capAdd: [], capDrop: [],
    limits: { memory: request.memory, cpus: request.cpus },
    autoRemove: false,
    network: { mode: 'bridge', ports: request.ports.flatMap(parsePublish), publishAll: false, extraHosts: [], dns: [] },
    mounts: { volumes: request.volumes, mounts: [], tmpfs: [], volumesFrom: [] },
  });
  try {
    await startContainer(layout, record);
  } catch (err) {
    // Docker leaves a container that failed to start; the dashboard would only show a dead row: remove it.
    await removeContainer(layout, record, true).catch(() => undefined);
    throw err;
  }
  return { name: record.config.name, warnings };
}
