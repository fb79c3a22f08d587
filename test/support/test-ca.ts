// A throw-away certificate authority made with the openssl CLI: server
// certificates with subjectAltNames, and client certificates, for TLS
// registry tests.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type TestCa = { dir: string; certFile: string; keyFile: string };
export type Issued = { certFile: string; keyFile: string };

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

export function makeCa(dir: string, name = 'ca'): TestCa {
  const certFile = join(dir, `${name}.crt`);
  const keyFile = join(dir, `${name}.key`);
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyFile, '-out', certFile, '-days', '30', '-subj', `/CN=tscontain test ${name}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  return { dir, certFile, keyFile };
}

/** A certificate signed by `ca`: for a server (names: 'DNS:x', 'IP:127.0.0.1') or a client. */
export function issue(ca: TestCa, name: string, opts: { names?: string[]; client?: boolean }): Issued {
  const keyFile = join(ca.dir, `${name}.key`);
  const csr = join(ca.dir, `${name}.csr`);
  const certFile = join(ca.dir, `${name}.crt`);
  const ext = join(ca.dir, `${name}.ext`);
  openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', keyFile, '-out', csr, '-subj', `/CN=${name}`]);
  writeFileSync(ext, [
    'basicConstraints=CA:FALSE',
    `extendedKeyUsage=${opts.client ? 'clientAuth' : 'serverAuth'}`,
    ...(opts.names?.length ? [`subjectAltName=${opts.names.join(',')}`] : []),
  ].join('\n') + '\n');
  openssl(['x509', '-req', '-in', csr, '-CA', ca.certFile, '-CAkey', ca.keyFile, '-CAcreateserial',
    '-out', certFile, '-days', '30', '-extfile', ext]);
  return { certFile, keyFile };
}
