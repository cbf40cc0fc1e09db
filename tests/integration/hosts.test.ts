import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { ops } from '@/lib/contract';
import { dockerOptions } from '@/lib/docker/client';
import type { Host } from '@/lib/hosts/schemas';
import type { Service } from '@/lib/services/types';
import { answer, call, mintToken } from '../support/api';
import { BUSYBOX, tempDataDir, testDocker, waitFor } from '../support/engine';
import { sandboxDir, secondEngine } from '../support/second-engine';
import { makeCerts } from '../support/tls-certs';

/**
 * Two real engines in one inventory: the shared sandbox (`a`, unix socket) and a second sandbox
 * engine reached only over tcp:// with TLS client certificates (`b`). The same TLS port is also
 * configured twice more, as `plain` (no certificates: plain HTTP) and `forged` (a client
 * certificate of another CA): both must be reported unreachable with the TLS failure, and nothing
 * else. Stopping the second engine then makes only `b` stale.
 */
const dir = sandboxDir('hosts');
const A = 'opsdeck-hosts-a';
const B = 'opsdeck-hosts-b';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

const port = await freePort();
const tlsDir = path.join(dir, 'tls');
const engine = secondEngine('hosts', {
  OPSDECK_SANDBOX_TLS_PORT: String(port),
  OPSDECK_SANDBOX_TLS_DIR: tlsDir,
});
engine.stop(); // one left by an interrupted run listens with other certificates
fs.rmSync(path.join(dir, 'client-certs'), { recursive: true, force: true });
const ours = makeCerts(tlsDir);
const others = makeCerts(path.join(dir, 'other-ca'));
const certsDir = path.join(dir, 'client-certs');
ours.clientDir(path.join(certsDir, 'b'));
// trusts the engine's CA, but presents a client certificate the engine's CA never signed
others.clientDir(path.join(certsDir, 'forged'));
fs.copyFileSync(path.join(tlsDir, 'ca.pem'), path.join(certsDir, 'forged', 'ca.pem'));

const tcp = `tcp://127.0.0.1:${port}`;
process.env.OPSDECK_DOCKER_HOSTS = `a=${process.env.DOCKER_HOST},b=${tcp},plain=${tcp},forged=${tcp}`;
process.env.OPSDECK_DOCKER_CERTS_DIR = certsDir;
process.env.OPSDECK_DATA_DIR = tempDataDir();
resetEnvCache();

const hostsRoute = await import('@/app/api/v1/hosts/route');
const servicesRoute = await import('@/app/api/v1/services/route');
const { stopInventory } = await import('@/lib/docker/inventory');

async function hosts(token: string): Promise<Map<string, Host>> {
  const res = await call(hostsRoute.GET, '/api/v1/hosts', { token });
  expect(res.status).toBe(200);
  const body = await answer(ops.hostsList, res);
  return new Map(body.hosts.map((h) => [h.name, h]));
}

async function services(token: string): Promise<Service[]> {
  const res = await call(servicesRoute.GET, '/api/v1/services', { token });
  expect(res.status).toBe(200);
  return (await answer(ops.servicesList, res)).services;
}

async function sleeper(docker: Docker, name: string): Promise<void> {
  for (const c of await docker.listContainers({ all: true, filters: { name: [name] } }))
    await docker.getContainer(c.Id).remove({ force: true });
  const c = await docker.createContainer({
    name,
    Image: BUSYBOX,
    Cmd: ['sleep', '3600'],
    HostConfig: { NetworkMode: 'none' },
  });
  await c.start();
}

describe('hosts: two real engines, one over TLS', () => {
  let token: string;
  beforeAll(async () => {
    const socket = engine.start();
    const second = new Docker(dockerOptions(socket));
    // the second engine has its own image store
    await second.loadImage(await testDocker().getImage(BUSYBOX).get());
    await sleeper(testDocker(), A);
    await sleeper(second, B);
    token = mintToken(['read']);
  }, 120_000);

  afterAll(async () => {
    stopInventory();
    engine.stop();
    await testDocker()
      .getContainer(A)
      .remove({ force: true })
      .catch(() => undefined);
  });

  it('lists the services of both engines with their host, and reports each engine', async () => {
    const list = await waitFor('both services', async () => {
      const all = await services(token);
      return all.some((s) => s.name === B) ? all : undefined;
    });
    expect(list.find((s) => s.name === A)?.host).toBe('a');
    expect(list.find((s) => s.name === B)?.host).toBe('b');

    const byName = await waitFor('versions', async () => {
      const h = await hosts(token);
      return h.get('b')?.engineVersion ? h : undefined;
    });
    for (const name of ['a', 'b']) {
      const h = byName.get(name);
      expect(h, name).toMatchObject({ reachable: true, status: 'ok', error: null });
      expect(h?.engineVersion).toMatch(/^\d+\.\d+/);
      expect(h?.apiVersion).toMatch(/^1\.\d+$/);
      expect(Date.parse(h?.lastGoodAt ?? '')).toBeGreaterThan(0);
    }
    expect(byName.get('a')?.transport).toBe('unix');
    expect(byName.get('b')).toMatchObject({
      transport: 'tls',
      url: tcp,
      services: 1,
      containers: { running: 1, stopped: 0 },
    });
  });

  it('reports an engine reached without a valid client certificate as unreachable, with the TLS failure', async () => {
    const byName = await hosts(token);
    const plain = byName.get('plain');
    expect(plain).toMatchObject({ reachable: false, status: 'down', lastGoodAt: null, transport: 'tcp' });
    expect(plain?.error).toMatch(/HTTP request to an HTTPS server/);
    const forged = byName.get('forged');
    expect(forged).toMatchObject({ reachable: false, status: 'down', lastGoodAt: null, transport: 'tls' });
    expect(forged?.error).toMatch(/SSL.*alert bad certificate/);
  });

  it('counts only what a service-limited token may see', async () => {
    const a = (await services(token)).find((s) => s.name === A);
    const limited = mintToken(['read'], [a?.id ?? ''], 'hosts-limited');
    const byName = await hosts(limited);
    expect(byName.get('a')?.services).toBe(1);
    expect(byName.get('b')).toMatchObject({ services: 0, containers: { running: 0, stopped: 0 } });
  });

  it('one engine stopped: only its host turns unreachable and only its services unknown', async () => {
    const before = await hosts(token);
    const lastGood = before.get('b')?.lastGoodAt;
    const aStatus = (await services(token)).find((s) => s.name === A)?.status;
    expect(aStatus).toBe('healthy');

    engine.stop();
    const after = await waitFor('b stale', async () => {
      const h = await hosts(token);
      return h.get('b')?.status === 'stale' ? h : undefined;
    });
    const b = after.get('b');
    expect(b).toMatchObject({ reachable: false, lastGoodAt: lastGood });
    expect(b?.error).toMatch(/unreachable/);
    // the last known inventory of b stays listed, counted as of lastGoodAt
    expect(b?.services).toBe(1);
    expect(after.get('a')).toMatchObject({ reachable: true, status: 'ok' });

    const list = await services(token);
    expect(list.find((s) => s.name === B)?.status).toBe('unknown');
    expect(list.find((s) => s.name === A)?.status).toBe(aStatus);
  }, 60_000);
});
