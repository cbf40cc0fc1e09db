import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { dockerOptions } from '@/lib/docker/client';
import type { Job } from '@/lib/jobs/types';
import type { ServicesAnswer } from '@/lib/services/types';
import { call, json, mintToken } from '../support/api';
import { BUSYBOX, tempDataDir, waitFor } from '../support/engine';
import { secondEngine } from '../support/second-engine';

// The engine dies while a job is waiting on it. Stopping an engine is the fault: a second sandbox
// engine of its own, the only one this Opsdeck watches, so the shared one is never disturbed.
const engine = secondEngine('midjob');
const HOST = 'midjob';
const P = 'opsdeck-test-midjob';

process.env.OPSDECK_DATA_DIR = tempDataDir();
let socket = '';

const servicesRoute = await import('@/app/api/v1/services/route');
const restartRoute = await import('@/app/api/v1/services/[id]/restart/route');
const jobRoute = await import('@/app/api/v1/jobs/[id]/route');
const { stopInventory } = await import('@/lib/docker/inventory');
const { liveInventory } = await import('@/lib/services/runtime');
const { selectJob } = await import('@/lib/jobs/store');

let token = '';

async function services(): Promise<ServicesAnswer> {
  const res = await call(servicesRoute.GET, '/api/v1/services', { token });
  expect(res.status).toBe(200);
  return json<ServicesAnswer>(res);
}
const web = async () => (await services()).services.find((s) => s.stack === P && s.name === 'web');

async function jobNow(id: string): Promise<Job> {
  const res = await call(jobRoute.GET, `/api/v1/jobs/${id}`, { token, params: { id } });
  expect(res.status).toBe(200);
  return (await json<{ job: Job }>(res)).job;
}

describe('the engine dies in the middle of a job', () => {
  beforeAll(async () => {
    socket = engine.start();
    process.env.OPSDECK_DOCKER_HOSTS = `${HOST}=${socket}`;
    resetEnvCache();
    const docker = new Docker(dockerOptions(socket));
    const main = new Docker(dockerOptions(process.env.DOCKER_HOST ?? ''));
    await docker.loadImage(await main.getImage(BUSYBOX).get());
    const old = await docker.listContainers({
      all: true,
      filters: { label: [`com.docker.compose.project=${P}`] },
    });
    for (const c of old) await docker.getContainer(c.Id).remove({ force: true });
    const c = await docker.createContainer({
      name: `${P}_web_1`,
      Image: BUSYBOX,
      Cmd: ['sh', '-c', "trap 'exit 0' TERM; while :; do sleep 1; done"],
      Labels: {
        'com.docker.compose.project': P,
        'com.docker.compose.service': 'web',
        'com.docker.compose.container-number': '1',
        'com.docker.compose.oneoff': 'False',
      },
      // "starting" for a minute after every start: the restart job keeps waiting on the engine.
      Healthcheck: { Test: ['CMD', 'true'], Interval: 60e9, StartPeriod: 60e9 },
      HostConfig: { NetworkMode: 'none', RestartPolicy: { Name: 'unless-stopped' } },
    });
    await c.start();
    liveInventory();
    token = mintToken(['read', 'operate']);
  }, 120_000);

  afterAll(async () => {
    stopInventory();
    engine.stop();
  });

  it('the job fails saying why, the server keeps answering, the service is unknown, then live again', async () => {
    const svc = await waitFor('web listed', web, 20_000);
    const replica = () => new Docker(dockerOptions(socket)).getContainer(`${P}_web_1`).inspect();
    const before = (await replica()).State.StartedAt;
    const res = await call(restartRoute.POST, '/', {
      token,
      params: { id: svc.id },
      body: { timeoutSeconds: 300 },
    });
    expect(res.status).toBe(202);
    const { job } = await json<{ job: Job }>(res);
    // Stopped once the engine has restarted the replica: the job is then waiting for its health.
    await waitFor(
      'the restart waiting for health',
      async () => {
        const steps = (await jobNow(job.id)).steps;
        if (!steps.some((s) => s.message.startsWith(`Restarting ${P}_web_1`))) return undefined;
        const info = await replica();
        return info.State.Running && info.State.StartedAt !== before ? true : undefined;
      },
      30_000,
      100,
    );

    engine.stop();

    const ended = await waitFor(
      'the job to end',
      async () => {
        const j = await jobNow(job.id);
        return j.status === 'running' || j.status === 'queued' ? undefined : j;
      },
      120_000,
      200,
    );
    expect(['failed', 'interrupted']).toContain(ended.status);
    // The reason names the engine, not "container is gone" (it is not) nor a bare socket error.
    expect(ended.error).toMatch(
      new RegExp(
        `^1 of 1 targets failed: ${P}_web_1: the Docker engine stopped answering \\(.+\\); the container's state is unknown$`,
      ),
    );
    // Nothing lost: what was done so far is in the store, as the API shows it.
    const stored = selectJob(job.id);
    expect(stored?.status).toBe(ended.status);
    expect(stored?.steps.map((s) => s.message)).toEqual(ended.steps.map((s) => s.message));
    expect(stored?.steps.some((s) => s.message.startsWith(`Restarting ${P}_web_1`))).toBe(true);

    // The server still answers, and never shows the last known "running" as green.
    const during = await waitFor(
      'engine source stale',
      async () => {
        const answer = await services();
        return answer.sources.docker?.status === 'ok' ? undefined : answer;
      },
      30_000,
      200,
    );
    expect(during.sources.docker?.status).toBe('stale');
    expect(during.sources.docker?.lastOkAt).toBeTruthy();
    const shown = during.services.find((s) => s.stack === P && s.name === 'web');
    expect(shown?.status).toBe('unknown');

    engine.start();
    const back = await waitFor(
      'live again',
      async () => {
        const answer = await services();
        const s = answer.services.find((x) => x.stack === P && x.name === 'web');
        if (answer.sources.docker?.status === 'ok' && s?.containers[0]?.state === 'running') return s;
        throw new Error(
          `engine ${JSON.stringify(answer.sources.docker)}, replica ${s?.containers[0]?.state}`,
        );
      },
      90_000,
      300,
    );
    expect(back.status).not.toBe('unknown');
    // A new job can start again on the service (the failed one released its lock).
    const again = await call(restartRoute.POST, '/', {
      token,
      params: { id: back.id },
      body: { timeoutSeconds: 5 },
    });
    expect(again.status).toBe(202);
  }, 300_000);
});
