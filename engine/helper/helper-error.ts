// Turns the helper's one-line stderr report into the engine's error hierarchy.
// Format: `tscontain-helper: CODE: message`.
import { ContainerError, HelperError, StoreError, type TscontainError } from '../errors.js';

const LINE = /tscontain-helper: ([A-Z]+): (.*)/;

export function helperFailure(verb: string, exitCode: number | null, signal: string | null, stderr: string): TscontainError {
  const match = stderr.split('\n').map((l) => LINE.exec(l)).find((m) => m !== null);
  const message = match?.[2] ?? (stderr.trim() || (signal ? `killed by ${signal}` : `exit code ${exitCode}`));
  const fields = { verb, exitCode: exitCode ?? undefined, signal: signal ?? undefined };
  switch (match?.[1]) {
    case 'DENIED':
      return new HelperError('HELPER_DENIED', `helper refused ${verb}: ${message}`, {
        fields,
        hint: 'run as root or as a member of group tscontain',
      });
    case 'UNSAFE':
      return new HelperError('UNSAFE_LAYER', `refused a hostile layer: ${message}`, {
        fields,
        hint: 'the image tries to write outside its layer; do not use it',
      });
    case 'BADTAR':
      return new HelperError('BAD_LAYER', `layer is not a valid tar archive: ${message}`, { fields });
    case 'NOSPACE':
      return new StoreError('DISK_FULL', `no space left on device while ${verb}: ${message}`, {
        fields,
        hint: 'free some space (for example `tscontain rmi` unused images) and retry',
      });
    case 'NOTRUNNING':
      return new ContainerError('CONTAINER_NOT_RUNNING', `the container is not running: ${message}`, { fields });
    case 'EXEC':
      // Docker's statuses: 127 the program was not found, 126 it cannot be executed.
      return exitCode === 127
        ? new ContainerError('EXEC_NOT_FOUND', message, { fields: { ...fields, exitStatus: 127 } })
        : new ContainerError('EXEC_CANNOT_RUN', message, { fields: { ...fields, exitStatus: 126 } });
    case 'USAGE':
      // The engine builds every argv itself: a refused one means the helper is another version.
      return new HelperError('HELPER_MISMATCH', `helper ${verb} failed: ${message}`, {
        fields,
        hint: 'the installed tscontain-helper does not match this tscontain; run `sudo npm run setup` in the checkout to install the new one',
      });
    default:
      return new HelperError('HELPER_FAILED', `helper ${verb} failed: ${message}`, { fields });
  }
}
