// The run form's request through the engine's create and start, detached,
// as `tscontain run -d` does.
import type { StoreLayout } from '../../engine/store/layout.js';
import { createContainer } from '../../engine/containers/create-container.js';
import { startContainer } from '../../engine/containers/start-container.js';
import { removeContainer } from '../../engine/containers/remove-container.js';
import { TscontainError } from '../../engine/errors.js';
import type { RunRequest } from './state/run-form.js';

/**
 * Ports and volumes are passed on as typed once the engine's create takes
 * them (the network and volume modules); until then asking for them is a
 * clear error rather than a container started without them.
 */
export async function runFromForm(layout: StoreLayout, request: RunRequest, signal?: AbortSignal): Promise<{ name: string; warnings: string[] }> {
  if (request.ports.length > 0) {
    throw new TscontainError('NOT_AVAILABLE', `publishing ports (${request.ports.join(', ')}) is not available in this build`, {
      hint: 'leave Ports empty for now',
    });
  }
  if (request.volumes.length > 0) {
    throw new TscontainError('NOT_AVAILABLE', `volumes (${request.volumes.join(', ')}) are not available in this build`, {
      hint: 'leave Volumes empty for now',
    });
  }
  const { record, warnings } = await createContainer(layout, {
    image: request.image, name: request.name, args: request.command, env: request.env,
    tty: false, openStdin: false, init: false, readOnly: false, privileged: false, capAdd: [], capDrop: [],
    limits: { memory: request.memory, cpus: request.cpus },
    autoRemove: false,
    ...(signal ? { signal } : {}),
  });
  try {
    await startContainer(layout, record, signal ? { signal } : {});
  } catch (err) {
    // Docker leaves a container that failed to start; the dashboard would only show a dead row: remove it.
    await removeContainer(layout, record, true).catch(() => undefined);
    throw err;
  }
  return { name: record.config.name, warnings };
}
