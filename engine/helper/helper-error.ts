// Turns the helper's one-line stderr report into the engine's error hierarchy.
// Format: `tscontain-helper: CODE: message`.
import { HelperError, StoreError, type TscontainError } from '../errors.js';

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
    default:
      return new HelperError('HELPER_FAILED', `helper ${verb} failed: ${message}`, { fields });
  }
}
