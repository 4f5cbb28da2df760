import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';

/** A key and a self-signed certificate for `127.0.0.1`, in PEM. */
export interface LoopbackCertificate {
  key: string;
  cert: string;
}

/**
 * Makes a key and a self-signed certificate for `IP:127.0.0.1` with the `openssl` command (Node.js
 * can read X.509 certificates but not issue them). Valid for a day; made fresh per test run,
 * so no key is ever checked in.
 */
export const createLoopbackCertificate = (): LoopbackCertificate => {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-herald-tls-'));
  try {
    const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert,
    ], { stdio: 'pipe' });
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/**
 * Makes every TLS client of this process trust `cert` as well as the usual roots, until the
 * returned function is called; certificate and host name checks stay on.
 *
 * Why not `NODE_EXTRA_CA_CERTS`: Node.js reads it once, at process start, and the Lambda
 * bundles run in this (jest) process. Why not `NODE_TLS_REJECT_UNAUTHORIZED=0`: it turns
 * verification off altogether. Node.js 20 has no API to add a root at run time
 * (`tls.setDefaultCACertificates` arrived in 22.19 and 24.5), but `tls.connect` builds its
 * context through the module's own `tls.createSecureContext`, which the SDK's https agents
 * reach: wrapping that adds the certificate to the `ca` of contexts made without one.
 */
export const trustCertificate = (cert: string): (() => void) => {
  const original = tls.createSecureContext;
  const roots = [...tls.rootCertificates, cert];
  tls.createSecureContext = (options?: tls.SecureContextOptions) => original(options?.ca === undefined ? { ...options, ca: roots } : options);
  return () => {
    tls.createSecureContext = original;
  };
};
