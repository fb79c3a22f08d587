// The one line a user sees for any error in the status line.
import { TscontainError } from '../../engine/errors.js';

export function errorText(err: unknown): string {
  if (err instanceof TscontainError) return err.userLine();
  if (err instanceof Error) return err.message;
  return String(err);
}
