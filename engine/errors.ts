// One error hierarchy for the whole engine. Every error has a stable `code`
// that callers switch on, structured fields for the details, and a `hint`
// telling the user what to do next. The CLI prints `message` (+ hint) as one line.

export type ErrorFields = Record<string, string | number | boolean | undefined>;

export interface ErrorOptions {
  fields?: ErrorFields;
  hint?: string;
  cause?: unknown;
}

export class TscontainError extends Error {
  readonly code: string;
  readonly fields: ErrorFields;
  readonly hint: string | undefined;

  constructor(code: string, message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.fields = options.fields ?? {};
    this.hint = options.hint;
  }

  /** The single line shown to a user. */
  userLine(): string {
    return this.hint ? `${this.message}; ${this.hint}` : this.message;
  }
}

/**
 * An error family whose codes are a closed union: the subclass only names
 * the union, the constructor is this one.
 */
export class CodedError<Code extends string> extends TscontainError {
  declare readonly code: Code;
  constructor(code: Code, message: string, options: ErrorOptions = {}) {
    super(code, message, options);
  }
}

/** Bad command-line usage or a malformed value supplied by the user. */
export class UsageError extends TscontainError {
  constructor(message: string, options: ErrorOptions = {}) {
    super('USAGE', message, options);
  }
}

export class InvalidReferenceError extends TscontainError {
  constructor(reference: string, reason: string, options: ErrorOptions = {}) {
    super('INVALID_REFERENCE', `invalid reference format "${reference}": ${reason}`, {
      ...options,
      fields: { reference, ...options.fields },
    });
  }
}

export class ConfigError extends TscontainError {
  constructor(file: string, problem: string, options: ErrorOptions = {}) {
    super('CONFIG_INVALID', `${file}: ${problem}`, {
      hint: 'fix or remove the file',
      ...options,
      fields: { file, ...options.fields },
    });
  }
}

export type RegistryErrorCode =
  | 'REGISTRY_UNREACHABLE'
  | 'AUTH_DENIED'
  | 'RATE_LIMITED'
  | 'MANIFEST_UNKNOWN'
  | 'BLOB_UNKNOWN'
  | 'REGISTRY_PROTOCOL'
  | 'REGISTRY_SERVER';

export class RegistryError extends CodedError<RegistryErrorCode> {}

export class DigestMismatchError extends TscontainError {
  constructor(what: string, expected: string, actual: string, options: ErrorOptions = {}) {
    super('DIGEST_MISMATCH', `${what}: digest mismatch, expected ${expected}, got ${actual}`, {
      hint: 'the registry or a proxy served corrupted data; nothing was stored',
      ...options,
      fields: { expected, actual, ...options.fields },
    });
  }
}

export class SizeMismatchError extends TscontainError {
  constructor(what: string, expected: number, actual: number, options: ErrorOptions = {}) {
    super('SIZE_MISMATCH', `${what}: size mismatch, expected ${expected} bytes, got ${actual}`, {
      hint: 'the registry served truncated or oversized data; nothing was stored',
      ...options,
      fields: { expected, actual, ...options.fields },
    });
  }
}

export class UnsupportedMediaTypeError extends TscontainError {
  constructor(mediaType: string, context: string, options: ErrorOptions = {}) {
    super('UNSUPPORTED_MEDIA_TYPE', `unsupported media type "${mediaType}" for ${context}`, {
      ...options,
      fields: { mediaType, ...options.fields },
    });
  }
}

export class PlatformNotFoundError extends TscontainError {
  constructor(platform: string, available: string[], options: ErrorOptions = {}) {
    super('PLATFORM_NOT_FOUND', `no image for platform ${platform}`, {
      hint: available.length ? `available: ${available.join(', ')}; choose one with --platform` : undefined,
      ...options,
      fields: { platform, ...options.fields },
    });
  }
}

export class ImageNotFoundError extends TscontainError {
  constructor(image: string, options: ErrorOptions = {}) {
    super('IMAGE_NOT_FOUND', `No such image: ${image}`, {
      hint: 'see `tscontain images`, or pull it with `tscontain pull`',
      ...options,
      fields: { image, ...options.fields },
    });
  }
}

export class ImageInUseError extends TscontainError {
  constructor(image: string, containers: string[], options: ErrorOptions = {}) {
    super('IMAGE_IN_USE', `image ${image} is used by container ${containers.join(', ')}`, {
      hint: 'remove the container first, or use -f',
      ...options,
      fields: { image, ...options.fields },
    });
  }
}

export type StoreErrorCode = 'DISK_FULL' | 'STORE_LOCKED' | 'STORE_CORRUPT' | 'STORE_IO';

export class StoreError extends CodedError<StoreErrorCode> {}

export type HelperErrorCode =
  | 'HELPER_MISSING'
  | 'HELPER_DENIED'
  | 'UNSAFE_LAYER'
  | 'BAD_LAYER'
  | 'HELPER_MISMATCH'
  | 'HELPER_FAILED';

export class HelperError extends CodedError<HelperErrorCode> {}

export type CgroupErrorCode =
  | 'CGROUP_UNSUPPORTED'
  | 'CGROUP_CONTROLLER_MISSING'
  | 'CGROUP_NOT_FOUND'
  | 'CGROUP_EXISTS'
  | 'CGROUP_BUSY'
  | 'CGROUP_LIMIT_REJECTED'
  | 'CGROUP_DENIED'
  | 'CGROUP_IO';

/** Creating, limiting, reading or removing a container's control group failed. */
export class CgroupError extends CodedError<CgroupErrorCode> {}

export type AttachErrorCode = 'ATTACH_REFUSED' | 'ATTACH_PROTOCOL' | 'ATTACH_IO';

/** Talking to a container monitor's attach.sock failed. */
export class AttachError extends CodedError<AttachErrorCode> {}

export type ContainerErrorCode =
  | 'CONTAINER_NOT_FOUND'
  | 'CONTAINER_AMBIGUOUS'
  | 'NAME_IN_USE'
  | 'CONTAINER_NOT_RUNNING'
  | 'CONTAINER_RUNNING'
  | 'CONTAINER_PAUSED'
  | 'CONTAINER_NOT_PAUSED'
  | 'CONTAINER_USER_UNKNOWN'
  | 'CONTAINER_START_FAILED'
  | 'CONTAINER_NO_TTY'
  | 'EXEC_NOT_FOUND'
  | 'EXEC_CANNOT_RUN'
  | 'INVALID_ENV';

/**
 * A container operation failed. `fields.exitStatus`, when set, is the exit
 * status the CLI must use (Docker's 125/126/127 for the run family).
 */
export class ContainerError extends CodedError<ContainerErrorCode> {}

export class ContainerNotFoundError extends ContainerError {
  constructor(input: string, options: ErrorOptions = {}) {
    super('CONTAINER_NOT_FOUND', `No such container: ${input}`, { ...options, fields: { container: input, ...options.fields } });
  }
}

export type VolumeErrorCode = 'VOLUME_NOT_FOUND' | 'VOLUME_IN_USE' | 'VOLUME_INVALID';

/** A named volume could not be found, created or removed. */
export class VolumeError extends CodedError<VolumeErrorCode> {}

export class NotRootError extends TscontainError {
  constructor(action: string) {
    super('NOT_ROOT', `${action} needs root`, { hint: 'run it with sudo' });
  }
}

export class AbortedError extends TscontainError {
  constructor(options: ErrorOptions = {}) {
    super('ABORTED', 'operation aborted', options);
  }
}

/** Translate a Node system error into the engine's hierarchy where one fits. */
export function fromSystemError(err: unknown, what: string): TscontainError {
  if (err instanceof TscontainError) return err;
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOSPC' || e?.code === 'EDQUOT') {
    return new StoreError('DISK_FULL', `${what}: no space left on device`, {
      hint: 'free some space (for example `tscontain rmi` unused images) and retry',
      cause: err,
      fields: { path: e.path },
    });
  }
  if (e?.name === 'AbortError') return new AbortedError({ cause: err });
  return new StoreError('STORE_IO', `${what}: ${e?.message ?? String(err)}`, {
    cause: err,
    fields: { path: e?.path, syscall: e?.syscall },
  });
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortedError({ cause: signal.reason });
}

export type NetworkErrorCode =
  | 'NETWORK_NOT_FOUND'
  | 'NETWORK_EXISTS'
  | 'NETWORK_IN_USE'
  | 'NETWORK_INVALID'
  | 'NETWORK_POOL_EXHAUSTED'
  | 'PORT_IN_USE';

/** A network, address or published-port operation failed. */
export class NetworkError extends CodedError<NetworkErrorCode> {}

/** An image archive (docker-archive, OCI layout, rootfs tarball) that cannot be read as one. */
export class ArchiveError extends TscontainError {
  constructor(message: string, options: ErrorOptions = {}) {
    super('BAD_ARCHIVE', message, { hint: 'nothing was stored', ...options });
  }
}
