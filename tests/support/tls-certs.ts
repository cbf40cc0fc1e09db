import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A throwaway CA with a server certificate for 127.0.0.1 and a client certificate, made with the
 * real `openssl` (Debian package openssl, in scripts/system-deps.sh): what an operator does for a
 * Docker engine on tcp:// with --tlsverify.
 */
export function makeCerts(dir: string): { dir: string; clientDir: (to: string) => void } {
  fs.mkdirSync(dir, { recursive: true });
  const ssl = (...args: string[]) => {
    try {
      execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT')
        throw new Error('openssl is not installed: run scripts/system-deps.sh (Debian package openssl)');
      throw err;
    }
  };
  const key = (name: string) => [
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    name,
  ];
  ssl('req', '-x509', ...key('ca-key.pem'), '-out', 'ca.pem', '-days', '2', '-subj', '/CN=opsdeck-test-ca');
  const sign = (name: string, cn: string, ext: string) => {
    fs.writeFileSync(path.join(dir, `${name}.ext`), ext);
    ssl('req', ...key(`${name}-key.pem`), '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
    ssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca-key.pem',
      '-CAcreateserial',
      '-out',
      `${name}-cert.pem`,
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
    );
  };
  sign('server', '127.0.0.1', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  sign('client', 'opsdeck', 'extendedKeyUsage=clientAuth\n');
  return {
    dir,
    /** the client's files as Opsdeck reads them: `<to>/{ca,cert,key}.pem` */
    clientDir: (to: string) => {
      fs.mkdirSync(to, { recursive: true });
      fs.copyFileSync(path.join(dir, 'ca.pem'), path.join(to, 'ca.pem'));
      fs.copyFileSync(path.join(dir, 'client-cert.pem'), path.join(to, 'cert.pem'));
      fs.copyFileSync(path.join(dir, 'client-key.pem'), path.join(to, 'key.pem'));
    },
  };
}
