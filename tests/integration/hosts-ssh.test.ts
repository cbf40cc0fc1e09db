import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { ops } from '@/lib/contract';
import type { Host } from '@/lib/hosts/schemas';
import type { Service } from '@/lib/services/types';
import { answer, call, mintToken } from '../support/api';
import { BUSYBOX, docker, tempDataDir, waitFor } from '../support/engine';
import { sandboxDir } from '../support/second-engine';

/**
 * An engine reached over ssh://, the Docker CLI's transport, against a real OpenSSH server: Debian's
 * sshd, started by this test on a loopback port with its own host key, authorized key and config,
 * whose sessions run `docker system dial-stdio` against the shared sandbox engine. The same server is
 * configured a second time with a key it does not know (`stranger`): refused at login, reported
 * unreachable with the reason, the engine behind it never reached. Stopping sshd makes `remote` stale.
 */
const SSHD = '/usr/sbin/sshd';
if (!fs.existsSync(SSHD))
  throw new Error(`${SSHD} not found: install openssh-server (bash scripts/system-deps.sh does)`);

const dir = sandboxDir('hosts-ssh');
const NAME = 'opsdeck-hosts-ssh';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

function keyPair(file: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.rmSync(file, { force: true });
  fs.rmSync(`${file}.pub`, { force: true });
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'opsdeck-test', '-f', file]);
  return fs.readFileSync(`${file}.pub`, 'utf8');
}

fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });
const port = await freePort();
const certs = path.join(dir, 'certs');
keyPair(path.join(dir, 'host_key'));
fs.writeFileSync(path.join(dir, 'authorized_keys'), keyPair(path.join(certs, 'remote', 'ssh_key')));
keyPair(path.join(certs, 'stranger', 'ssh_key'));
const config = path.join(dir, 'sshd_config');
fs.writeFileSync(
  config,
  [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${path.join(dir, 'host_key')}`,
    `PidFile ${path.join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin prohibit-password',
    'UsePAM no',
    // the key files live in a folder of the checkout, not in a home directory sshd would vet
    'StrictModes no',
    // the remote `docker system dial-stdio` talks to the sandbox engine, not the machine's default one
    `SetEnv DOCKER_HOST=${process.env.DOCKER_HOST}`,
    '',
  ].join('\n'),
);

const url = `ssh://root@127.0.0.1:${port}`;
process.env.OPSDECK_DOCKER_HOSTS = `remote=${url},stranger=${url}`;
process.env.OPSDECK_DOCKER_CERTS_DIR = certs;
process.env.OPSDECK_DATA_DIR = tempDataDir();
delete process.env.SSH_AUTH_SOCK;
resetEnvCache();

const hostsRoute = await import('@/app/api/v1/hosts/route');
const servicesRoute = await import('@/app/api/v1/services/route');
const { stopInventory } = await import('@/lib/docker/inventory');

let sshd: ChildProcess | null = null;
let sshdLog = '';

async function startSshd(): Promise<void> {
  fs.mkdirSync('/run/sshd', { recursive: true }); // sshd's privilege separation folder
  sshd = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  sshd.stderr?.on('data', (d) => {
    sshdLog = (sshdLog + d).slice(-4000);
  });
  await waitFor(`sshd listening on 127.0.0.1:${port} (its log: ${sshdLog})`, async () => {
    if (sshd?.exitCode !== null) throw new Error(`sshd exited: ${sshdLog}`);
    return new Promise<true | undefined>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(undefined));
    });
  });
}

/** The pids of a process's children, their children, and so on (from /proc: no procps needed). */
function descendants(pid: number): number[] {
  const kids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after the last ')'
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) kids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return kids.flatMap((k) => [k, ...descendants(k)]);
}

/** The listener and every session it forked: a stopped sshd alone leaves open sessions working. */
async function stopSshd(): Promise<void> {
  const child = sshd;
  sshd = null;
  if (!child?.pid || child.exitCode !== null) return;
  const sessions = descendants(child.pid);
  await new Promise((r) => {
    child.once('exit', r);
    child.kill('SIGTERM');
  });
  for (const pid of sessions) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone with its parent
    }
  }
}

async function hosts(token: string): Promise<Map<string, Host>> {
  const res = await call(hostsRoute.GET, '/api/v1/hosts', { token });
  expect(res.status).toBe(200);
  return new Map((await answer(ops.hostsList, res)).hosts.map((h) => [h.name, h]));
}

async function services(token: string): Promise<Service[]> {
  const res = await call(servicesRoute.GET, '/api/v1/services', { token });
  expect(res.status).toBe(200);
  return (await answer(ops.servicesList, res)).services;
}

describe('an engine over ssh:// through a real OpenSSH server', () => {
  let token: string;
  beforeAll(async () => {
    await docker('rm', '-f', NAME).catch(() => '');
    await docker('run', '-d', '--name', NAME, '--network', 'none', BUSYBOX, 'sleep', '3600');
    await startSshd();
    token = mintToken(['read']);
  }, 60_000);

  afterAll(async () => {
    stopInventory();
    await stopSshd();
    await docker('rm', '-f', NAME).catch(() => '');
  });

  it('lists the engine behind sshd with its host, version and transport', async () => {
    const mine = await waitFor(
      'the container over ssh',
      async () => (await services(token)).find((s) => s.name === NAME),
      30_000,
    );
    expect(mine.host).toBe('remote');
    expect(mine.status).toBe('healthy');
    const remote = (await hosts(token)).get('remote');
    expect(remote).toMatchObject({ reachable: true, status: 'ok', error: null, transport: 'ssh', url });
    expect(remote?.engineVersion).toMatch(/^\d+\.\d+/);
    expect(remote?.containers.running).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('reports a key the server does not accept as unreachable, with the login failure', async () => {
    const stranger = await waitFor('stranger refused', async () => {
      const h = (await hosts(token)).get('stranger');
      return h?.error ? h : undefined;
    });
    expect(stranger).toMatchObject({ reachable: false, status: 'down', lastGoodAt: null, services: 0 });
    expect(stranger.error).toMatch(/All configured authentication methods failed/);
    // the engine's own data never reached it
    expect((await services(token)).some((s) => s.host === 'stranger')).toBe(false);
  });

  it('sshd and its sessions gone: the host turns stale, its services unknown, with the time of the last good data', async () => {
    const lastGood = (await hosts(token)).get('remote')?.lastGoodAt;
    expect(Date.parse(lastGood ?? '')).toBeGreaterThan(0);
    await stopSshd();
    const remote = await waitFor(
      'remote stale',
      async () => {
        const h = (await hosts(token)).get('remote');
        return h?.status === 'stale' ? h : undefined;
      },
      30_000,
    );
    expect(remote).toMatchObject({ reachable: false });
    expect(remote.lastGoodAt).toBe(lastGood);
    expect((await services(token)).find((s) => s.name === NAME)?.status).toBe('unknown');
  }, 60_000);
});
