import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hostOptions, parseDockerHosts, redactUrl } from './hosts-config';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-certs-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function certsFor(name: string, files: string[]): void {
  fs.mkdirSync(path.join(dir, name), { recursive: true });
  for (const f of files) fs.writeFileSync(path.join(dir, name, f), `${name}:${f}`);
}

describe('OPSDECK_DOCKER_HOSTS', () => {
  it('falls back to DOCKER_HOST as "local", then to the default socket', () => {
    expect(parseDockerHosts({ DOCKER_HOST: 'unix:///x.sock' })).toEqual([
      { name: 'local', url: 'unix:///x.sock' },
    ]);
    expect(parseDockerHosts({})[0]?.url).toBe('unix:///var/run/docker.sock');
  });

  it('keeps the old name=url list working and refuses bad entries with the entry named', () => {
    expect(parseDockerHosts({ OPSDECK_DOCKER_HOSTS: 'a=unix:///a.sock, b=tcp://10.0.0.2:2375' })).toEqual([
      { name: 'a', url: 'unix:///a.sock' },
      { name: 'b', url: 'tcp://10.0.0.2:2375' },
    ]);
    expect(() => parseDockerHosts({ OPSDECK_DOCKER_HOSTS: 'tcp://x:1' })).toThrow(
      /"tcp:\/\/x:1" is not name=url/,
    );
    expect(() => parseDockerHosts({ OPSDECK_DOCKER_HOSTS: 'a=unix:///a,a=unix:///b' })).toThrow(
      /host "a" is listed twice/,
    );
    expect(() => parseDockerHosts({ OPSDECK_DOCKER_HOSTS: 'a b=unix:///a' })).toThrow(/host name "a b"/);
    expect(() => parseDockerHosts({ OPSDECK_DOCKER_HOSTS: 'a=ftp://x' })).toThrow(/host "a".*is not unix/);
  });

  it('uses TLS for a tcp:// host whose certificate folder exists, and names a missing file', () => {
    certsFor('prod', ['ca.pem', 'cert.pem', 'key.pem']);
    const [prod] = parseDockerHosts({
      OPSDECK_DOCKER_HOSTS: 'prod=tcp://a.example:2376',
      OPSDECK_DOCKER_CERTS_DIR: dir,
    });
    expect(prod?.tls).toEqual({
      ca: path.join(dir, 'prod', 'ca.pem'),
      cert: path.join(dir, 'prod', 'cert.pem'),
      key: path.join(dir, 'prod', 'key.pem'),
    });
    const options = hostOptions(prod ?? { name: '', url: '' });
    expect(options).toMatchObject({ host: 'a.example', port: 2376, protocol: 'https' });
    expect(String(options.key)).toBe('prod:key.pem');

    certsFor('half', ['ca.pem', 'cert.pem']);
    expect(() =>
      parseDockerHosts({ OPSDECK_DOCKER_HOSTS: 'half=tcp://b:2376', OPSDECK_DOCKER_CERTS_DIR: dir }),
    ).toThrow(`${path.join(dir, 'half', 'key.pem')} is missing or unreadable`);
    expect(() =>
      parseDockerHosts({
        OPSDECK_DOCKER_HOSTS: 'x=tcp://b:2376',
        OPSDECK_DOCKER_CERTS_DIR: '/nonexistent/certs',
      }),
    ).toThrow(/OPSDECK_DOCKER_CERTS_DIR: \/nonexistent\/certs is not a directory/);
  });

  it('leaves a tcp:// host without a certificate folder on plain HTTP, never the environment’s certificates', () => {
    const [plain] = parseDockerHosts({
      OPSDECK_DOCKER_HOSTS: 'plain=tcp://c:2375',
      OPSDECK_DOCKER_CERTS_DIR: dir,
    });
    expect(plain?.tls).toBeUndefined();
    expect(hostOptions(plain ?? { name: '', url: '' })).toEqual({
      host: 'c',
      port: 2375,
      protocol: 'http',
      ca: undefined,
      cert: undefined,
      key: undefined,
    });
  });

  // ssh:// is checked here for its options only: a real sshd plus a remote `docker system dial-stdio`
  // is more than this machine's shared test budget allows. docker-modem dials it through ssh2.
  it('reads ssh:// as user, host and port, with a key file or the SSH agent', () => {
    const [edge] = parseDockerHosts({
      OPSDECK_DOCKER_HOSTS: 'edge=ssh://ops@b.example',
      SSH_AUTH_SOCK: '/run/agent',
    });
    expect(hostOptions(edge ?? { name: '', url: '' }, '/run/agent')).toEqual({
      protocol: 'ssh',
      host: 'b.example',
      port: 22,
      username: 'ops',
      sshOptions: { agent: '/run/agent' },
    });
    certsFor('keyed', ['ssh_key']);
    const [keyed] = parseDockerHosts({
      OPSDECK_DOCKER_HOSTS: 'keyed=ssh://deploy@c:2222',
      OPSDECK_DOCKER_CERTS_DIR: dir,
    });
    expect(keyed?.sshKey).toBe(path.join(dir, 'keyed', 'ssh_key'));
    const options = hostOptions(keyed ?? { name: '', url: '' }, undefined);
    expect(options).toMatchObject({ protocol: 'ssh', host: 'c', port: 2222, username: 'deploy' });
    expect(String((options as { sshOptions: { privateKey: Buffer } }).sshOptions.privateKey)).toBe(
      'keyed:ssh_key',
    );
    expect(() =>
      parseDockerHosts({ OPSDECK_DOCKER_HOSTS: 'edge=ssh://b.example', SSH_AUTH_SOCK: '/a' }),
    ).toThrow(/names no user/);
    expect(() => parseDockerHosts({ OPSDECK_DOCKER_HOSTS: 'edge=ssh://ops@b' })).toThrow(
      /no key at .* and no SSH agent/,
    );
  });

  it('shows addresses without passwords or queries', () => {
    expect(redactUrl('ssh://ops:s3cret@b.example:22')).toBe('ssh://ops@b.example:22');
    expect(redactUrl('tcp://a:2376?token=x')).toBe('tcp://a:2376');
    expect(redactUrl('https://u:p@a:2376/')).toBe('https://u@a:2376');
    expect(redactUrl('unix:///var/run/docker.sock')).toBe('unix:///var/run/docker.sock');
    // an unparsable entry in an error message loses anything before an @
    expect(redactUrl('ops:pw@host')).toBe('host');
  });
});
