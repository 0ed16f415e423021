import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Certificates for the tests' TLS servers (PostgreSQL with ssl on, a stand-in Kubernetes API
// server), made with openssl in a directory of the test's own and valid for two days.

const openssl = (dir: string, args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
const newKey = ['-newkey', 'rsa:2048', '-nodes'];

/** A self-signed CA: `<name>.key` and `<name>.crt` in `dir`. */
export function makeCa(dir: string, name: string, commonName = name): void {
  openssl(dir, [
    'req',
    '-x509',
    ...newKey,
    '-days',
    '2',
    '-subj',
    `/CN=${commonName}`,
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.crt`,
  ]);
}

/**
 * A server certificate for 127.0.0.1 and localhost, signed by the CA `ca` (made by `makeCa` in
 * the same `dir`): `<name>.key` and `<name>.crt`.
 */
export function makeServerCertificate(dir: string, name: string, ca: string, commonName: string): void {
  openssl(dir, [
    'req',
    ...newKey,
    '-subj',
    `/CN=${commonName}`,
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
  ]);
  writeFileSync(join(dir, `${name}.ext`), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}.crt`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    `${name}.ext`,
    '-out',
    `${name}.crt`,
  ]);
}
