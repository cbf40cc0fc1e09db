import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { ops } from '@/lib/contract';
import type { Service } from '@/lib/services/types';
import { answer, call, mintToken } from '../support/api';
import { BUSYBOX, compose, docker, removeByPrefix, tempDataDir, waitFor } from '../support/engine';

const P = 'opsdeck-test-inv';

process.env.OPSDECK_DATA_DIR = tempDataDir();
resetEnvCache();

const servicesRoute = await import('@/app/api/v1/services/route');
const serviceRoute = await import('@/app/api/v1/services/[id]/route');
const eventsRoute = await import('@/app/api/v1/services/[id]/events/route');
const containersRoute = await import('@/app/api/v1/services/[id]/containers/route');
const { listServices } = await import('@/lib/services');
const { stopInventory } = await import('@/lib/docker/inventory');

const composeFile = `
version: "2.4"
services:
  web:
    image: ${BUSYBOX}
    command: ["sleep", "3600"]
    network_mode: none
    scale: 2
    labels:
      opsdeck.test: "<img src=x onerror=alert(1)>"
  db:
    image: ${BUSYBOX}
    command: ["sh", "-c", "touch /tmp/ok; sleep 3600"]
    network_mode: none
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ok"]
      interval: 1s
      retries: 1
`;

async function findService(name: string, stack = P): Promise<Service | undefined> {
  const { services } = await listServices();
  return services.find((s) => s.stack === stack && s.name === name);
}

describe('inventory against the real engine', () => {
  let token: string;
  beforeAll(async () => {
    await removeByPrefix(P);
    await compose(P, composeFile, 'up', '-d');
    await compose(P, composeFile, 'run', '-d', '--name', `${P}-oneoff`, 'web', 'sleep', '600');
    await docker(
      'service',
      'create',
      '--detach',
      '--name',
      `${P}-edge`,
      '--replicas',
      '2',
      '--network',
      'host',
      BUSYBOX,
      'sleep',
      '3600',
    );
    token = mintToken(['read']);
  });

  afterAll(async () => {
    stopInventory();
    await removeByPrefix(P);
  });

  it('groups compose containers by project/service with replica counts, one-off containers excluded', async () => {
    const web = await waitFor('web with 2 running', async () => {
      const s = await findService('web');
      return s?.replicas.running === 2 ? s : undefined;
    });
    expect(web.kind).toBe('compose');
    expect(web.replicas).toEqual({ desired: 2, running: 2, healthy: 2 });
    expect(web.containers.map((c) => c.replica)).toEqual([1, 2]);
    expect(web.containers.every((c) => !c.name.includes('oneoff'))).toBe(true);
    const db = await waitFor('db healthy', async () => {
      const s = await findService('db');
      return s?.status === 'healthy' ? s : undefined;
    });
    expect(db.containers[0]?.health).toBe('healthy');
  });

  it('shows a swarm service with desired and running replicas', async () => {
    const edge = await waitFor(
      'edge with 2 running',
      async () => {
        const { services } = await listServices();
        const s = services.find((x) => x.kind === 'swarm' && x.name === `${P}-edge`);
        return s?.replicas.running === 2 ? s : undefined;
      },
      60_000,
    );
    expect(edge.replicas.desired).toBe(2);
    expect(edge.status).toBe('healthy');
  }, 120_000);

  it('turns a service down from engine events when its container is killed, and records the event', async () => {
    const db = await waitFor('db', () => findService('db'));
    const container = db.containers[0];
    if (!container) throw new Error('db has no container');
    await docker('kill', container.id);
    const down = await waitFor(
      'db down',
      async () => {
        const s = await findService('db');
        return s?.status === 'down' ? s : undefined;
      },
      5000,
      20,
    );
    expect(down.reasons.map((r) => r.code)).toContain('no_replicas_running');
    const res = await call(eventsRoute.GET, `/api/v1/services/${db.id}/events`, {
      token,
      params: { id: db.id },
    });
    expect(res.status).toBe(200);
    const { events } = await answer(ops.servicesEvents, res);
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(['kill', 'die']));
    expect(events.find((e) => e.kind === 'die')?.message).toContain('exited with code 137');
  });

  it('serves the list and one service through the API, 404 with the envelope for an unknown id', async () => {
    const res = await call(servicesRoute.GET, '/api/v1/services', { token });
    expect(res.status).toBe(200);
    const body = await answer(ops.servicesList, res);
    expect(body.sources.docker?.status).toBe('ok');
    const web = body.services.find((s) => s.stack === P && s.name === 'web');
    expect(web?.labels['opsdeck.test']).toBe('<img src=x onerror=alert(1)>');
    if (!web) throw new Error('web missing');
    const one = await call(serviceRoute.GET, `/api/v1/services/${web.id}`, { token, params: { id: web.id } });
    expect((await answer(ops.servicesGet, one)).name).toBe('web');
    const containers = await call(containersRoute.GET, `/api/v1/services/${web.id}/containers`, {
      token,
      params: { id: web.id },
    });
    expect((await answer(ops.servicesContainers, containers)).containers).toHaveLength(2);
    const missing = await call(serviceRoute.GET, '/api/v1/services/bm9wZQ', {
      token,
      params: { id: 'bm9wZQ' },
    });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });

  it('refuses without a token', async () => {
    const res = await call(servicesRoute.GET, '/api/v1/services');
    expect(res.status).toBe(401);
  });
});
