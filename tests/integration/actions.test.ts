import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import type { Job } from '@/lib/jobs/types';
import type { Service } from '@/lib/services/types';
import { call, jobFinished, json, mintToken } from '../support/api';
import { BUSYBOX, compose, docker, removeByPrefix, tempDataDir, waitFor } from '../support/engine';
import { readSse } from '../support/sse';

const P = 'opsdeck-test-actions';

process.env.OPSDECK_DATA_DIR = tempDataDir();
resetEnvCache();

const restartRoute = await import('@/app/api/v1/services/[id]/restart/route');
const scaleRoute = await import('@/app/api/v1/services/[id]/scale/route');
const rollbackRoute = await import('@/app/api/v1/services/[id]/rollback/route');
const containerRestartRoute = await import('@/app/api/v1/containers/[containerId]/restart/route');
const jobRoute = await import('@/app/api/v1/jobs/[id]/route');
const jobsRoute = await import('@/app/api/v1/jobs/route');
const streamRoute = await import('@/app/api/v1/jobs/[id]/stream/route');
const { listServices } = await import('@/lib/services');
const { stopInventory } = await import('@/lib/docker/inventory');
const { liveInventory } = await import('@/lib/services/runtime');

/** Stops on SIGTERM at once (sh as PID 1 would otherwise ignore it) and is healthy after ~1 s. */
const IMAGE = 'opsdeck-test/actions-app:v1';
const DOCKERFILE = `FROM ${BUSYBOX}
ENV APP_VERSION=v1
HEALTHCHECK --interval=1s --timeout=2s --retries=1 CMD test -f /tmp/ok
CMD ["sh", "-c", "trap 'exit 0' TERM; touch /tmp/ok; while :; do sleep 1; done"]
`;

const composeFile = `
version: "2.4"
services:
  web:
    image: ${IMAGE}
    network_mode: none
    scale: 2
  worker:
    image: ${IMAGE}
    network_mode: none
  pinned:
    image: ${IMAGE}
    network_mode: none
    container_name: ${P}-pinned
`;

let token: string;

async function findService(name: string): Promise<Service> {
  return waitFor(`service ${name}`, async () => {
    const { services } = await listServices();
    return services.find((s) => s.stack === P && s.name === name);
  });
}

const finished = (jobId: string, timeoutMs = 60_000) => jobFinished<Job>(jobId, token, timeoutMs);

async function healthyCount(ids: string[]): Promise<number> {
  const out = await docker('inspect', '--format', '{{.State.Health.Status}}', ...ids).catch(() => '');
  return out.split('\n').filter((s) => s === 'healthy').length;
}

async function composePs(service: string): Promise<string[]> {
  const out = await compose(P, composeFile, 'ps', '-q', service);
  return out.split('\n').filter(Boolean);
}

describe('actions against the real engine', () => {
  beforeAll(async () => {
    await removeByPrefix(P);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-actions-img-'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE);
    await docker('build', '-q', '-t', IMAGE, dir);
    await compose(P, composeFile, 'up', '-d');
    liveInventory();
    token = mintToken(['read', 'operate']);
  }, 180_000);

  afterAll(async () => {
    stopInventory();
    await removeByPrefix(P);
  });

  it('rolling restart keeps at least one replica healthy throughout and restarts every replica', async () => {
    const web = await waitFor('web healthy', async () => {
      const s = await findService('web');
      return s.replicas.healthy === 2 ? s : undefined;
    });
    const ids = web.containers.map((c) => c.id);
    const before = await docker('inspect', '--format', '{{.State.StartedAt}}', ...ids);
    const res = await call(restartRoute.POST, '/', {
      token,
      params: { id: web.id },
      body: { timeoutSeconds: 30 },
    });
    expect(res.status).toBe(202);
    const { job } = await json<{ job: Job }>(res);
    let minHealthy = 2;
    let done: Job | undefined;
    while (!done) {
      minHealthy = Math.min(minHealthy, await healthyCount(ids));
      const { job: now } = await json<{ job: Job }>(
        await call(jobRoute.GET, '/', { token, params: { id: job.id } }),
      );
      if (!['queued', 'running'].includes(now.status)) done = now;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(done.status).toBe('succeeded');
    expect(minHealthy).toBeGreaterThanOrEqual(1);
    expect(done.results).toHaveLength(2);
    expect(done.results.every((r) => r.ok)).toBe(true);
    const after = await docker('inspect', '--format', '{{.State.StartedAt}}', ...ids);
    for (const [i, line] of after.split('\n').entries()) expect(line).not.toBe(before.split('\n')[i]);
  });

  it('20 concurrent restarts: exactly one job, the rest 409 with its id', async () => {
    const web = await findService('web');
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        call(restartRoute.POST, '/', { token, params: { id: web.id }, body: {} }),
      ),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const winner = answers.find((r) => r.status === 202);
    const { job } = await json<{ job: Job }>(winner as Response);
    const loser = await json<{ error: { code: string; jobId: string } }>(
      answers.find((r) => r.status === 409) as Response,
    );
    expect(loser.error).toMatchObject({ code: 'conflict', jobId: job.id });
    // Progress streams over SSE until the job ends.
    const stream = await call(streamRoute.GET, '/', { token, params: { id: job.id } });
    const seen: Job[] = [];
    await readSse(stream, (e) => seen.push(JSON.parse(e.data) as Job));
    expect(seen.at(-1)?.status).toBe('succeeded');
    expect(seen.length).toBeGreaterThan(1);
  });

  it('an Idempotency-Key returns the same job for a retried request', async () => {
    const worker = await findService('worker');
    const headers = { 'idempotency-key': 'retry-me-1' };
    const a = await json<{ job: Job }>(
      await call(restartRoute.POST, '/', { token, params: { id: worker.id }, body: {}, headers }),
    );
    const b = await json<{ job: Job }>(
      await call(restartRoute.POST, '/', { token, params: { id: worker.id }, body: {}, headers }),
    );
    expect(b.job.id).toBe(a.job.id);
    expect((await finished(a.job.id)).status).toBe('succeeded');
  });

  it('a token limited to another service can neither act on nor see this one', async () => {
    const worker = await findService('worker');
    const limited = mintToken(['read', 'operate'], [`${P}/pinned`], 'limited-to-pinned');
    const refused = await call(restartRoute.POST, '/', {
      token: limited,
      params: { id: worker.id },
      body: {},
    });
    expect(refused.status).toBe(403);
    const { jobs } = await json<{ jobs: Job[] }>(await call(jobsRoute.GET, '/', { token }));
    const someJob = jobs.find((j) => j.serviceId === worker.id);
    if (!someJob) throw new Error('expected a job on worker');
    const hidden = await call(jobRoute.GET, '/', { token: limited, params: { id: someJob.id } });
    expect(hidden.status).toBe(404);
    const listed = await json<{ jobs: Job[] }>(await call(jobsRoute.GET, '/', { token: limited }));
    expect(listed.jobs.filter((j) => j.serviceId === worker.id)).toHaveLength(0);
  });

  it('restarts one container and reports it', async () => {
    const worker = await findService('worker');
    const c = worker.containers[0];
    if (!c) throw new Error('worker has no container');
    const res = await call(containerRestartRoute.POST, '/', {
      token,
      params: { containerId: c.id.slice(0, 12) },
      body: {},
    });
    expect(res.status).toBe(202);
    const done = await finished((await json<{ job: Job }>(res)).job.id);
    expect(done.kind).toBe('container-restart');
    expect(done.results).toEqual([{ target: c.name, ok: true, message: expect.stringContaining('healthy') }]);
  });

  it('scales a compose service 1 → 3 → 1 and docker-compose ps agrees', async () => {
    const worker = await findService('worker');
    const up = await call(scaleRoute.POST, '/', { token, params: { id: worker.id }, body: { replicas: 3 } });
    expect(up.status).toBe(202);
    const upJob = await finished((await json<{ job: Job }>(up)).job.id);
    expect(upJob.status).toBe('succeeded');
    expect(upJob.results.map((r) => r.target)).toEqual([`${P}_worker_2`, `${P}_worker_3`]);
    expect(await composePs('worker')).toHaveLength(3);
    const ps = await compose(P, composeFile, 'ps', 'worker');
    expect(ps).toContain(`${P}_worker_3`);
    const down = await call(scaleRoute.POST, '/', {
      token,
      params: { id: worker.id },
      body: { replicas: 1 },
    });
    const downJob = await finished((await json<{ job: Job }>(down)).job.id);
    expect(downJob.status).toBe('succeeded');
    expect(downJob.results.map((r) => r.target)).toEqual([`${P}_worker_3`, `${P}_worker_2`]);
    const left = await composePs('worker');
    expect(left).toHaveLength(1);
    expect(await docker('inspect', '--format', '{{.Name}}', left[0] ?? '')).toBe(`/${P}_worker_1`);
  });

  it('refuses bad scale input with a clear 4xx and changes nothing', async () => {
    const worker = await findService('worker');
    const negative = await call(scaleRoute.POST, '/', {
      token,
      params: { id: worker.id },
      body: { replicas: -1 },
    });
    expect(negative.status).toBe(400);
    expect((await json<{ error: { message: string } }>(negative)).error.message).toContain('negative');
    const tooMany = await call(scaleRoute.POST, '/', {
      token,
      params: { id: worker.id },
      body: { replicas: 21 },
    });
    expect(tooMany.status).toBe(400);
    const pinned = await findService('pinned');
    const named = await call(scaleRoute.POST, '/', {
      token,
      params: { id: pinned.id },
      body: { replicas: 2 },
    });
    expect(named.status).toBe(400);
    expect((await json<{ error: { message: string } }>(named)).error.message).toContain('container_name');
    expect(await composePs('worker')).toHaveLength(1);
    const jobs = await json<{ jobs: Job[] }>(
      await call(jobsRoute.GET, '/', { token, query: { serviceId: pinned.id } }),
    );
    expect(jobs.jobs).toHaveLength(0);
  });

  it('scales a swarm service with its version', async () => {
    await docker(
      'service',
      'create',
      '--detach',
      '--name',
      `${P}-swarm`,
      '--replicas',
      '1',
      '--network',
      'host',
      BUSYBOX,
      'sleep',
      '3600',
    );
    const svc = await waitFor(
      'swarm service',
      async () => {
        const { services } = await listServices();
        return services.find(
          (s) => s.kind === 'swarm' && s.name === `${P}-swarm` && s.replicas.running === 1,
        );
      },
      60_000,
    );
    const res = await call(scaleRoute.POST, '/', { token, params: { id: svc.id }, body: { replicas: 3 } });
    const done = await finished((await json<{ job: Job }>(res)).job.id, 90_000);
    expect(done.status).toBe('succeeded');
    expect(
      await docker('service', 'inspect', '--format', '{{.Spec.Mode.Replicated.Replicas}}', `${P}-swarm`),
    ).toBe('3');
  }, 120_000);

  it('rolls a swarm service back with the engine rollback and restarts it by force update, reporting UpdateStatus', async () => {
    const name = `${P}-swarm-rb`;
    await docker(
      'service',
      'create',
      '--detach',
      '--name',
      name,
      '--replicas',
      '1',
      '--network',
      'host',
      '--update-monitor',
      '1s',
      '--rollback-monitor',
      '1s',
      BUSYBOX,
      'sleep',
      '3600',
    );
    await docker('service', 'update', '--detach=false', '--quiet', '--env-add', 'OPSDECK_V=2', name);
    const svc = await waitFor(
      'swarm rb service',
      async () => {
        const { services } = await listServices();
        return services.find((s) => s.kind === 'swarm' && s.name === name && s.replicas.running === 1);
      },
      60_000,
    );
    const res = await call(rollbackRoute.POST, '/', { token, params: { id: svc.id }, body: {} });
    expect(res.status).toBe(202);
    const done = await finished((await json<{ job: Job }>(res)).job.id, 90_000);
    expect(done.status).toBe('succeeded');
    expect(done.steps.map((s) => s.message).join('\n')).toContain('Swarm UpdateStatus: rollback_completed');
    const env = await docker(
      'service',
      'inspect',
      '--format',
      '{{.Spec.TaskTemplate.ContainerSpec.Env}}',
      name,
    );
    expect(env).not.toContain('OPSDECK_V=2');
    const restart = await call(restartRoute.POST, '/', { token, params: { id: svc.id }, body: {} });
    const restarted = await finished((await json<{ job: Job }>(restart)).job.id, 90_000);
    expect(restarted.status).toBe('succeeded');
    expect(restarted.steps.map((s) => s.message).join('\n')).toContain('Swarm UpdateStatus: completed');
  }, 180_000);
});
