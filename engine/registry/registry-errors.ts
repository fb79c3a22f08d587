// The registry's failures as RegistryErrors with Docker's wording where
// users know it, and the registry's own error body (distribution's
// `{"errors":[{"code","message"}]}`) folded into the message.
import { RegistryError } from '../errors.js';
import { configFileHint } from './config.js';

/** A failure below HTTP: no connection, DNS, TLS, a reset or a stall. */
export type NetworkErrorKind = 'refused' | 'dns' | 'tls' | 'reset' | 'timeout' | 'unreachable' | 'proxy';

/** Internal: what the transport throws for a socket-level failure; mapped to REGISTRY_UNREACHABLE at the edge. */
export class NetworkError extends Error {
  readonly code: string | undefined;
  constructor(readonly kind: NetworkErrorKind, readonly host: string, readonly detail: string, options: { cause?: unknown; code?: string } = {}) {
    super(`${host}: ${detail}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'NetworkError';
    this.code = options.code;
  }
  /** Worth another try on the same host (refused, DNS and TLS failures are not: fail fast, try the next mirror). */
  get transient(): boolean {
    return this.kind === 'reset' || this.kind === 'timeout' || this.code === 'EAI_AGAIN';
  }
}

/** `certsRoot`: the first certs.d root, named in TLS hints. */
export function unreachableError(err: NetworkError, attempts = 1, certsRoot = '/etc/tscontain/certs.d'): RegistryError {
  const what: Record<NetworkErrorKind, string> = {
    refused: 'connection refused',
    dns: 'no such host',
    tls: 'TLS handshake failed',
    reset: 'connection reset',
    timeout: 'no response in time',
    unreachable: 'network unreachable',
    proxy: 'proxy failed',
  };
  const tries = attempts > 1 ? ` (after ${attempts} attempts)` : '';
  const tls = err.kind === 'tls' ? tlsProblem(err, certsRoot) : undefined;
  const hint = tls?.hint ?? (err.kind === 'proxy'
    ? 'check HTTPS_PROXY / HTTP_PROXY (and NO_PROXY for hosts to reach directly)'
    : `check the registry name and the network, or "registry-mirrors" and "insecure-registries" in ${configFileHint()}`);
  return new RegistryError('REGISTRY_UNREACHABLE', `cannot reach registry ${err.host}: ${tls?.what ?? what[err.kind]}${tries}: ${err.detail}`, {
    hint,
    cause: err,
    fields: { host: err.host, kind: err.kind },
  });
}

const UNTRUSTED = /^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|CERT_UNTRUSTED)$/;

/** What went wrong in a TLS handshake, and the fix: a CA, a client certificate, or plain HTTP. */
function tlsProblem(err: NetworkError, certsRoot: string): { what: string; hint: string } {
  const certsDir = `${certsRoot}/${err.host}`;
  const code = err.code ?? '';
  if (UNTRUSTED.test(code)) {
    return {
      what: 'certificate signed by unknown authority',
      hint: `put the CA certificate of ${err.host} in ${certsDir}/ca.crt (Docker's /etc/docker/certs.d/${err.host}/ works too), or add ${err.host} to "insecure-registries" in ${configFileHint()}`,
    };
  }
  if (/CERTIFICATE_REQUIRED|BAD_CERTIFICATE|HANDSHAKE_FAILURE/i.test(`${code} ${err.detail}`)) {
    return {
      what: 'TLS handshake failed (the registry may want a client certificate)',
      hint: `put a client certificate and its key in ${certsDir}/client.cert and ${certsDir}/client.key`,
    };
  }
  return {
    what: 'TLS handshake failed',
    hint: `if ${err.host} serves plain HTTP or a self-signed certificate, add it to "insecure-registries" in ${configFileHint()}; a private CA goes in ${certsDir}/ca.crt`,
  };
}

export function pullAccessDenied(name: string, host: string, detail?: string): RegistryError {
  const extra = detail ? ` (${detail})` : '';
  return new RegistryError('AUTH_DENIED', `pull access denied for ${name}, repository does not exist or may require authentication${extra}`, {
    hint: 'check the name; private repositories need credentials for this registry',
    fields: { repository: name, host },
  });
}

export function protocolError(host: string, message: string, fields: Record<string, string | number | undefined> = {}): RegistryError {
  return new RegistryError('REGISTRY_PROTOCOL', `${host}: ${message}`, {
    hint: 'the registry (or a proxy in front of it) answered outside the distribution protocol',
    fields: { host, ...fields },
  });
}

export function serverError(host: string, status: number, detail: string, attempts: number): RegistryError {
  return new RegistryError('REGISTRY_SERVER', `${host}: server error ${status}${detail ? `: ${detail}` : ''} (after ${attempts} attempt${attempts === 1 ? '' : 's'})`, {
    hint: 'the registry is having trouble; try again later',
    fields: { host, status },
  });
}

/** A status the protocol does not allow here: REGISTRY_SERVER for 5xx, REGISTRY_PROTOCOL otherwise. */
export function unexpectedStatus(host: string, status: number, what: string, detail = ''): RegistryError {
  if (status >= 500) return serverError(host, status, `${what}${detail ? `: ${detail}` : ''}`, 1);
  return protocolError(host, `unexpected HTTP ${status} for ${what}${detail ? `: ${detail}` : ''}`, { status });
}

/** The registry's error body as one line ("manifest unknown: ..."), or ''. */
export function describeErrorBody(body: Buffer | undefined): string {
  if (!body || body.length === 0) return '';
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { errors?: { code?: unknown; message?: unknown }[] };
    if (Array.isArray(parsed.errors)) {
      const parts = parsed.errors
        .map((e) => (typeof e?.message === 'string' && e.message ? e.message : typeof e?.code === 'string' ? e.code.toLowerCase().replace(/_/g, ' ') : ''))
        .filter(Boolean);
      return sanitize(parts.join('; '));
    }
  } catch {
    // not JSON: fall through to a short text excerpt
  }
  return sanitize(body.toString('utf8', 0, Math.min(body.length, 200)));
}

/** Text from a server, made safe for one terminal line. */
export function sanitize(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim().slice(0, 300);
}
