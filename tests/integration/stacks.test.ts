import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import type { Job } from '@/lib/jobs/types';
import { call, json, mintToken } from '../support/api';
import { BUSYBOX, compose, docker, removeByPrefix, tempDataDir, waitFor } from '../support/engine';
import { finished } from './backups-fixtures';

/**
 * Whole-stack stop/start/restart on the real engine: a three-service compose stack (web → api → db by
 * `opsdeck.depends_on`, since compose v1 records no dependencies on containers), stopped dependents
 * first and started dependencies first, each healthy before the next; refusals for a stack holding
 * Opsdeck, for concurrent jobs, for limited tokens, for unknown and malformed names.
 */
const P = 'opsdeck-test-stack';
const SELF = 'opsdeck-test-stackself';
process.env.OPSDECK_DATA_DIR = tempDataDir();
resetEnvCache();

const getRoute = await import('@/app/api/v1/stacks/[stack]/route');
const stopRoute = await import('@/app/api/v1/stacks/[stack]/stop/route');
const startRoute = await import('@/app/api/v1/stacks/[stack]/start/route');
const restartRoute = await import('@/app/api/v1/stacks/[stack]/restart/route');
const serviceRestart = await import('@/app/api/v1/services/[id]/restart/route');
const serviceStop = await import('@/app/api/v1/services/[id]/stop/route');
const serviceStart = await import('@/app/api/v1/services/[id]/start/route');
const serviceRoute = await import('@/app/api/v1/services/[id]/route');
const { listServices } = await import('@/lib/services');
const { stopInventory } = await import('@/lib/docker/inventory');

const service = (name: string, deps: string, extra = '') => `
  ${name}:
    image: ${BUSYBOX}
    command: ["sh", "-c", "trap 'exit 0' TERM; touch /tmp/up; while :; do sleep 1; done"]
    network_mode: none
    healthcheck: { test: ["CMD", "test", "-f", "/tmp/up"], interval: 1s, retries: 30 }
    labels: { opsdeck.depends_on: "${deps}"${extra} }`;
// declared web first: only the labels can put db first
const yaml = `version: "2.4"\nservices:${service('web', 'api')}${service('api', 'db')}${service('db', '')}\n`;

let operate = '';
let reader = '';
const state = (name: string) => docker('inspect', '-f', '{{.State.Status}}', `${P}_${name}_1`);
const stepsOf = (job: Job) => job.steps.map((s) => s.message);
async function run(route: { POST: typeof stopRoute.POST }, stack = P, token = operate) {
  return call(route.POST, '/', { token, params: { stack }, body: {} });
}

describe('stack stop / start / restart in dependency order', () => {
  beforeAll(async () => {
    await removeByPrefix(P);
    await compose(P, yaml, 'up', '-d');
    await compose(
      SELF,
      `version: "2.4"\nservices:${service('console', '', ', opsdeck.role: "console"')}\n`,
      'up',
      '-d',
    );
    operate = mintToken(['operate']);
    reader = mintToken(['read']);
    await waitFor(
      'stack healthy',
      async () => {
        const mine = (await listServices()).services.filter((s) => s.stack === P);
        return mine.length === 3 && mine.every((s) => s.status === 'healthy') ? mine : undefined;
      },
      60_000,
    );
  });

  afterAll(async () => {
    stopInventory();
    await removeByPrefix(P);
    await removeByPrefix(SELF);
    await docker('rm', '-f', `${P}-solo`).catch(() => '');
  });

  it('previews the order, then stops dependents first and starts dependencies first', async () => {
    const preview = await json<{ services: { name: string }[]; stopOrder: string; startOrder: string }>(
      await call(getRoute.GET, '/', { token: reader, params: { stack: P } }),
    );
    expect(preview.services.map((s) => s.name)).toEqual(['db', 'api', 'web']);
    expect(preview.stopOrder).toBe('stop web (1), api (1), db (1)');

    const stop = await run(stopRoute);
    expect(stop.status).toBe(202);
    const stopped = await finished((await json<{ job: Job }>(stop)).job.id);
    expect(stopped.status, stopped.error ?? '').toBe('succeeded');
    expect(stepsOf(stopped).filter((m) => m.startsWith('Stopping '))).toEqual([
      `Stopping ${P}/web`,
      `Stopping ${P}/api`,
      `Stopping ${P}/db`,
    ]);
    expect([await state('web'), await state('api'), await state('db')]).toEqual([
      'exited',
      'exited',
      'exited',
    ]);

    const started = await finished((await json<{ job: Job }>(await run(startRoute))).job.id);
    expect(started.status, started.error ?? '').toBe('succeeded');
    expect(stepsOf(started).filter((m) => m.startsWith('Starting '))).toEqual([
      `Starting ${P}/db`,
      `Starting ${P}/api (after db)`,
      `Starting ${P}/web (after api)`,
    ]);
    // each dependency was healthy before its dependent started
    const startedAt = async (name: string) =>
      Date.parse(await docker('inspect', '-f', '{{.State.StartedAt}}', `${P}_${name}_1`));
    expect(await startedAt('db')).toBeLessThan(await startedAt('api'));
    expect(await startedAt('api')).toBeLessThan(await startedAt('web'));
    expect(started.results.map((r) => r.message)).toEqual([
      'started, healthy',
      'started, healthy',
      'started, healthy',
    ]);
  }, 180_000);

  it('holds every service while it runs: a per-service action is refused, and a second stack job too', async () => {
    const res = await run(restartRoute);
    const { job } = await json<{ job: Job }>(res);
    const svc = (await listServices()).services.find((s) => s.stack === P && s.name === 'api');
    const [again, single] = await Promise.all([
      run(stopRoute),
      call(serviceRestart.POST, '/', { token: operate, params: { id: svc?.id ?? '' }, body: {} }),
    ]);
    expect(again.status).toBe(409);
    expect(single.status).toBe(409);
    const done = await finished(job.id);
    expect(done.status, done.error ?? '').toBe('succeeded');
    expect(stepsOf(done)[1]).toBe('Stack restart web (1), api (1), db (1)');
  }, 180_000);

  it('refuses a stack holding Opsdeck, limited tokens, unknown and malformed names', async () => {
    const self = await run(stopRoute, SELF);
    expect(self.status).toBe(403);
    expect((await json<{ error: { message: string } }>(self)).error.message).toContain(
      'holds Opsdeck itself',
    );
    expect(await state('db')).toBe('running');
    const limited = mintToken(['operate'], [`${P}/web`]);
    expect((await run(stopRoute, P, limited)).status).toBe(403);
    expect((await run(stopRoute, 'opsdeck-no-such-stack')).status).toBe(404);
    // a malformed path is a path that does not exist: 404 with the reason, nothing looked up
    const bad = await run(stopRoute, '../etc');
    expect(bad.status).toBe(404);
    expect((await json<{ error: { message: string } }>(bad)).error.message).toContain('compose project name');
    const body = await call(stopRoute.POST, '/', {
      token: operate,
      params: { stack: P },
      body: { timeoutSeconds: 1 },
    });
    expect(body.status).toBe(400);
    expect(
      (await call(getRoute.GET, '/', { token: mintToken(['read'], [`${P}/web`]), params: { stack: P } }))
        .status,
    ).toBe(404);
  }, 60_000);

  it('stops and starts one service; removes a stopped standalone container, nothing else', async () => {
    const id = async (stack: string, name: string) =>
      (await listServices()).services.find((s) => s.stack === stack && s.name === name)?.id ?? '';
    const web = await id(P, 'web');
    const stop = await finished(
      (
        await json<{ job: Job }>(
          await call(serviceStop.POST, '/', { token: operate, params: { id: web }, body: {} }),
        )
      ).job.id,
    );
    expect(stop.status, stop.error ?? '').toBe('succeeded');
    expect(await state('web')).toBe('exited');
    expect(await state('api')).toBe('running');
    const start = await finished(
      (
        await json<{ job: Job }>(
          await call(serviceStart.POST, '/', { token: operate, params: { id: web }, body: {} }),
        )
      ).job.id,
    );
    expect(start.status, start.error ?? '').toBe('succeeded');
    expect(start.results.map((r) => r.message)).toEqual(['started, healthy']);

    await docker('run', '-d', '--name', `${P}-solo`, '--network', 'none', BUSYBOX, 'sleep', '600');
    const solo = await waitFor('solo listed', () => id('', `${P}-solo`), 30_000);
    const remove = () => call(serviceRoute.DELETE, '/', { token: operate, params: { id: solo } });
    expect((await remove()).status).toBe(409);
    await docker('stop', '-t', '1', `${P}-solo`);
    await waitFor('solo stopped in the inventory', async () => {
      const s = (await listServices()).services.find((x) => x.id === solo);
      return s?.replicas.running === 0 ? s : undefined;
    });
    const removed = await remove();
    expect(removed.status).toBe(200);
    expect(await json(removed)).toEqual({ removed: `${P}-solo` });
    expect(await docker('ps', '-aq', '--filter', `name=^${P}-solo$`)).toBe('');
    // a replica of a compose service is scaled or stopped, not removed
    expect((await call(serviceRoute.DELETE, '/', { token: operate, params: { id: web } })).status).toBe(400);
  }, 120_000);
});
