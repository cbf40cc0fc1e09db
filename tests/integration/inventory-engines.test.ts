import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { ops } from '@/lib/contract';
import { dockerOptions } from '@/lib/docker/client';
import type { Host } from '@/lib/hosts/schemas';
import type { Service } from '@/lib/services/types';
import { answer, call, mintToken } from '../support/api';
import { type CountingProxy, countingProxy } from '../support/counting-proxy';
import { BUSYBOX, tempDataDir, testDocker, waitFor } from '../support/engine';
import { secondEngine } from '../support/second-engine';

/**
 * Two engines of the test's own (`ia`, `ib`) in one inventory, each behind a proxy that counts the
 * engine calls Opsdeck makes. Each engine is watched on its own: one engine's outage makes only its
 * services stale (unknown, with its last good time), its return makes them live again, and a change
 * on one engine never makes Opsdeck call the other.
 */
const engineA = secondEngine('inv-a');
const engineB = secondEngine('inv-b');
const PREFIX = 'opsdeck-inveng';
// two compose services on each engine: one running replica, one created and never started
const SERVICES = {
  a: ['web', 'worker'],
  b: ['api', 'cron'],
} as const;

let proxyA: CountingProxy;
let proxyB: CountingProxy;
let dockerA: Docker;
let dockerB: Docker;

async function fillEngine(docker: Docker, project: string, services: readonly string[]): Promise<void> {
  for (const c of await docker.listContainers({
    all: true,
    filters: { label: [`com.docker.compose.project=${project}`] },
  }))
    await docker.getContainer(c.Id).remove({ force: true });
  for (const service of services) {
    for (const n of [1, 2]) {
      const c = await docker.createContainer({
        name: `${project}-${service}-${n}`,
        Image: BUSYBOX,
        Cmd: ['sleep', '3600'],
        Labels: {
          'com.docker.compose.project': project,
          'com.docker.compose.service': service,
          'com.docker.compose.container-number': String(n),
          'com.docker.compose.oneoff': 'False',
        },
        HostConfig: { NetworkMode: 'none' },
      });
      if (n === 1) await c.start();
    }
  }
}

beforeAll(async () => {
  const socketA = engineA.start();
  const socketB = engineB.start();
  dockerA = new Docker(dockerOptions(socketA));
  dockerB = new Docker(dockerOptions(socketB));
  // each engine has its own image store
  for (const d of [dockerA, dockerB]) await d.loadImage(await testDocker().getImage(BUSYBOX).get());
  await fillEngine(dockerA, `${PREFIX}-a`, SERVICES.a);
  await fillEngine(dockerB, `${PREFIX}-b`, SERVICES.b);
  // A watcher replays the engine's events of the last 1–2 s when it subscribes (lib/docker/host-watcher.ts):
  // once this window is past, the filling's own events cannot reach the inventory as late inspects
  // that the call counts below would take for the inventory's doing.
  await new Promise((r) => setTimeout(r, 2500));
  proxyA = await countingProxy(socketA.slice('unix://'.length));
  proxyB = await countingProxy(socketB.slice('unix://'.length));
  process.env.OPSDECK_DOCKER_HOSTS = `ia=${proxyA.url},ib=${proxyB.url}`;
  process.env.OPSDECK_DATA_DIR = tempDataDir();
  resetEnvCache();
}, 180_000);

const hostsRoute = await import('@/app/api/v1/hosts/route');
const servicesRoute = await import('@/app/api/v1/services/route');
const { stopInventory } = await import('@/lib/docker/inventory');

afterAll(async () => {
  stopInventory();
  await proxyA?.close();
  await proxyB?.close();
  engineA.stop();
  engineB.stop();
});

async function services(token: string): Promise<Service[]> {
  const res = await call(servicesRoute.GET, '/api/v1/services', { token });
  expect(res.status).toBe(200);
  return (await answer(ops.servicesList, res)).services;
}

async function hosts(token: string): Promise<Map<string, Host>> {
  const res = await call(hostsRoute.GET, '/api/v1/hosts', { token });
  expect(res.status).toBe(200);
  return new Map((await answer(ops.hostsList, res)).hosts.map((h) => [h.name, h]));
}

const ours = (list: Service[]) => list.filter((s) => s.stack.startsWith(PREFIX));
const inspects = (calls: string[]) => calls.filter((c) => /^GET \/containers\/[0-9a-f]{64}\/json/.test(c));
const listings = (calls: string[]) => calls.filter((c) => c.startsWith('GET /containers/json'));

describe('inventory over two engines', () => {
  let token: string;
  beforeAll(() => {
    token = mintToken(['read', 'operate']);
  });

  it("lists both engines' services in one inventory, each with its host, from one listing per engine", async () => {
    const list = await waitFor(
      'all four services, each with its running replica',
      async () => {
        const l = ours(await services(token));
        return l.length === 4 && l.every((s) => s.replicas.running === 1) ? l : undefined;
      },
      60_000,
    );
    const byName = new Map(list.map((s) => [s.name, s]));
    for (const name of SERVICES.a)
      expect(byName.get(name)).toMatchObject({ host: 'ia', stack: `${PREFIX}-a` });
    for (const name of SERVICES.b)
      expect(byName.get(name)).toMatchObject({ host: 'ib', stack: `${PREFIX}-b` });
    for (const s of list) {
      expect(s.containers.map((c) => c.state).sort()).toEqual(['created', 'running']);
      expect(s.replicas).toMatchObject({ desired: 2, running: 1 });
    }
    // one listing per engine made the inventory; the inspects (restart counts, start times) follow it
    expect(listings(proxyA.calls())).toHaveLength(1);
    expect(listings(proxyB.calls())).toHaveLength(1);
    // a container never started has nothing an inspect would add: only the running ones are inspected
    await waitFor('every started container inspected', () =>
      inspects(proxyA.calls()).length >= 2 && inspects(proxyB.calls()).length >= 2 ? true : undefined,
    );
    const web = await waitFor('the start time from the inspect', async () => {
      const s = ours(await services(token)).find((x) => x.name === 'web');
      return s?.containers.find((c) => c.state === 'running')?.startedAt ? s : undefined;
    });
    expect(Date.parse(web.containers.find((c) => c.state === 'running')?.startedAt ?? '')).toBeGreaterThan(0);
  }, 90_000);

  it('a change on one engine is read from that engine alone: the other is not called', async () => {
    // the background inspects of the first listing are done (the previous test waited for them)
    const beforeA = proxyA.calls().length;
    const beforeB = proxyB.calls().length;
    const target = `${PREFIX}-a-worker-2`;
    await dockerA.getContainer(target).start();
    await waitFor(
      'the started replica in the inventory',
      async () => {
        const s = ours(await services(token)).find((x) => x.name === 'worker');
        return s?.replicas.running === 2 ? s : undefined;
      },
      30_000,
    );
    const newA = proxyA.calls().slice(beforeA);
    const newB = proxyB.calls().slice(beforeB);
    expect(newB).toEqual([]);
    // engine a: the container's inspect(s), no new listing
    expect(listings(newA)).toEqual([]);
    expect(inspects(newA).length).toBeGreaterThan(0);
    const { Id } = await dockerA.getContainer(target).inspect();
    for (const c of inspects(newA)) expect(c).toContain(Id);
    await dockerA.getContainer(target).stop({ t: 0 });
  }, 60_000);

  it('one engine stopped: only its services turn unknown, with its last good time; the other stays live', async () => {
    const before = await hosts(token);
    const lastGood = before.get('ib')?.lastGoodAt;
    expect(lastGood).toBeTruthy();
    engineB.stop();
    const after = await waitFor(
      'ib stale',
      async () => {
        const h = await hosts(token);
        return h.get('ib')?.status === 'stale' ? h : undefined;
      },
      30_000,
    );
    expect(after.get('ib')).toMatchObject({ reachable: false, lastGoodAt: lastGood });
    expect(after.get('ia')).toMatchObject({ reachable: true, status: 'ok' });
    const list = ours(await services(token));
    // the last known services of ib stay listed, and are unknown; those of ia keep their status
    for (const s of list.filter((x) => x.host === 'ib')) expect(s.status, s.name).toBe('unknown');
    expect(list.filter((x) => x.host === 'ib')).toHaveLength(2);
    for (const s of list.filter((x) => x.host === 'ia')) expect(s.status, s.name).not.toBe('unknown');
  }, 90_000);

  it('restarted: its services are live again, and so is its host', async () => {
    const staleSince = (await hosts(token)).get('ib')?.lastGoodAt;
    engineB.start();
    const h = await waitFor(
      'ib live again',
      async () => {
        const m = await hosts(token);
        return m.get('ib')?.status === 'ok' ? m : undefined;
      },
      60_000,
      200,
    );
    expect(Date.parse(h.get('ib')?.lastGoodAt ?? '')).toBeGreaterThan(Date.parse(staleSince ?? ''));
    // the engine stopped its containers on the way down: they are listed as they are now, not unknown
    const list = await waitFor(
      'ib services known again',
      async () => {
        const l = ours(await services(token)).filter((x) => x.host === 'ib');
        return l.length === 2 && l.every((s) => s.status !== 'unknown') ? l : undefined;
      },
      30_000,
    );
    for (const s of list) expect(s.containers.every((c) => c.state !== 'running')).toBe(true);
  }, 120_000);
});
