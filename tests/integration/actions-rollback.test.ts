import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { ops } from '@/lib/contract';
import type { Job } from '@/lib/jobs/types';
import type { Service } from '@/lib/services/types';
import { answer, call, jobFinished, json, mintToken } from '../support/api';
import { BUSYBOX, compose, docker, removeByPrefix, tempDataDir, waitFor } from '../support/engine';

const P = 'opsdeck-test-actions-rb';

process.env.OPSDECK_DATA_DIR = tempDataDir();
resetEnvCache();

const rollbackRoute = await import('@/app/api/v1/services/[id]/rollback/route');
const deployRoute = await import('@/app/api/v1/services/[id]/deploy/route');
const deploysRoute = await import('@/app/api/v1/services/[id]/deploys/route');
const jobRoute = await import('@/app/api/v1/jobs/[id]/route');
const { listServices } = await import('@/lib/services');
const { stopInventory } = await import('@/lib/docker/inventory');
const { liveInventory } = await import('@/lib/services/runtime');
const { startDeployRecorder, stopDeployRecorder } = await import('@/lib/actions/deploys');
const { markInterruptedJobs } = await import('@/lib/jobs/engine');
const { closeDb } = await import('@/lib/store/db');

const image = (tag: string) => `opsdeck-test/actions-rb:${tag}`;
/** v1 and v2 pass their HEALTHCHECK, v3-bad never does. SIGTERM stops them at once. */
const dockerfile = (version: string, check: string) => `FROM ${BUSYBOX}
ENV APP_VERSION=${version}
HEALTHCHECK --interval=1s --timeout=2s --retries=1 CMD ${check}
CMD ["sh", "-c", "trap 'exit 0' TERM; touch /tmp/ok; while :; do sleep 1; done"]
`;

const composeFile = (tag: string) => `
version: "2.4"
services:
  app:
    image: ${image(tag)}
    network_mode: none
    scale: 2
`;

let token: string;
const imageIds: Record<string, string> = {};

async function app(): Promise<Service> {
  return waitFor('app', async () => {
    const { services } = await listServices();
    return services.find((s) => s.stack === P && s.name === 'app');
  });
}

/** Waits until every replica of app runs `tag` and is healthy; returns their ids. */
async function runningOn(tag: string): Promise<string[]> {
  return waitFor(
    `app healthy on ${tag}`,
    async () => {
      const ids = (await compose(P, composeFile(tag), 'ps', '-q', 'app')).split('\n').filter(Boolean);
      if (ids.length !== 2) return undefined;
      const states = await docker('inspect', '--format', '{{.Image}} {{.State.Health.Status}}', ...ids);
      return states.split('\n').every((l) => l === `${imageIds[tag]} healthy`) ? ids : undefined;
    },
    40_000,
    250,
  );
}

const finished = (jobId: string) => jobFinished<Job>(jobId, token);

async function deploys(id: string) {
  return answer(ops.servicesDeploys, await call(deploysRoute.GET, '/', { token, params: { id } }));
}

describe('deploy history, rollback and gated deploy against the real engine', () => {
  beforeAll(async () => {
    await removeByPrefix(P);
    for (const [tag, check] of [
      ['v1', 'test -f /tmp/ok'],
      ['v2', 'test -f /tmp/ok'],
      ['v3-bad', 'false'],
    ] as const) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-rb-img-'));
      fs.writeFileSync(path.join(dir, 'Dockerfile'), dockerfile(tag, check));
      await docker('build', '-q', '-t', image(tag), dir);
      imageIds[tag] = await docker('image', 'inspect', '--format', '{{.Id}}', image(tag));
    }
    liveInventory();
    startDeployRecorder();
    token = mintToken(['read', 'operate'], null, 'rb-operator');
  }, 180_000);

  afterAll(async () => {
    stopDeployRecorder();
    stopInventory();
    await removeByPrefix(P);
  });

  it('records each deploy as it happens, and rolls back to the previous image blue-green', async () => {
    await compose(P, composeFile('v1'), 'up', '-d');
    await runningOn('v1');
    const svc = await app();
    await waitFor('v1 recorded', async () =>
      (await deploys(svc.id)).deploys.length === 1 ? true : undefined,
    );
    await compose(P, composeFile('v2'), 'up', '-d');
    await runningOn('v2');
    const history = await waitFor('v2 recorded', async () => {
      const d = await deploys(svc.id);
      return d.deploys[0]?.imageId === imageIds.v2 ? d : undefined;
    });
    expect(history.deploys.map((d) => d.image)).toEqual([image('v2'), image('v1')]);
    expect(history.previousId).toBe(history.deploys[1]?.id);
    expect(history.rollback.strategy).toBe('blue-green');
    expect(history.rollback.gate[0]).toContain('HEALTHCHECK');

    const res = await call(rollbackRoute.POST, '/', { token, params: { id: svc.id }, body: {} });
    expect(res.status).toBe(202);
    const job = await finished((await json<{ job: Job }>(res)).job.id);
    expect(job.status).toBe('succeeded');
    expect(job.results).toHaveLength(2);
    await runningOn('v1');
    const after = await deploys(svc.id);
    expect(after.deploys[0]).toMatchObject({
      imageId: imageIds.v1,
      actor: expect.stringMatching(/^token:[0-9a-f-]{36}$/),
    });
  });

  it('refuses an unknown deploy and an image that is not on the host, changing nothing', async () => {
    const svc = await app();
    const unknown = await call(rollbackRoute.POST, '/', {
      token,
      params: { id: svc.id },
      body: { deployId: 'd_nope' },
    });
    expect(unknown.status).toBe(404);
    const missing = await call(deployRoute.POST, '/', {
      token,
      params: { id: svc.id },
      body: { image: 'opsdeck-test/not-here:1' },
    });
    expect(missing.status).toBe(400);
    expect((await json<{ error: { message: string } }>(missing)).error.message).toContain('does not exist');
    await runningOn('v1');
  });

  it('a gated deploy to an image that never gets healthy rolls back automatically', async () => {
    const svc = await app();
    const res = await call(deployRoute.POST, '/', {
      token,
      params: { id: svc.id },
      body: { image: image('v3-bad'), timeoutSeconds: 8 },
    });
    expect(res.status).toBe(202);
    const job = await finished((await json<{ job: Job }>(res)).job.id);
    expect(job.status).toBe('failed');
    expect(job.error).toContain('failed the gate');
    expect(job.steps.map((s) => s.message).join('\n')).toContain('automatic rollback');
    await runningOn('v1');
    expect((await deploys(svc.id)).deploys[0]?.imageId).toBe(imageIds.v1);
  });

  it('a rollback to a version whose healthcheck fails fails, and the newer version keeps running healthy', async () => {
    await compose(P, composeFile('v3-bad'), 'up', '-d');
    const svc = await app();
    const bad = await waitFor('v3-bad recorded', async () => {
      const d = await deploys(svc.id);
      return d.deploys[0]?.imageId === imageIds['v3-bad'] ? d.deploys[0] : undefined;
    });
    await compose(P, composeFile('v2'), 'up', '-d');
    await runningOn('v2');
    const res = await call(rollbackRoute.POST, '/', {
      token,
      params: { id: svc.id },
      body: { deployId: bad.id, timeoutSeconds: 8 },
    });
    expect(res.status).toBe(202);
    const job = await finished((await json<{ job: Job }>(res)).job.id);
    expect(job.status).toBe('failed');
    expect(job.results.every((r) => !r.ok)).toBe(true);
    await runningOn('v2');
  });

  it('rolls back stop-first when a second copy would clash (host network with a port)', async () => {
    const project = `${P}-solo`;
    const yaml = (tag: string) =>
      `version: "2.4"\nservices:\n  solo:\n    image: ${image(tag)}\n    network_mode: host\n    labels:\n      opsdeck.port: "18999"\n`;
    await compose(project, yaml('v1'), 'up', '-d');
    const svc = await waitFor('solo', async () => {
      const { services } = await listServices();
      return services.find((s) => s.stack === project && s.name === 'solo' && s.replicas.healthy === 1);
    });
    await waitFor('solo v1 recorded', async () =>
      (await deploys(svc.id)).deploys.length === 1 ? true : undefined,
    );
    await compose(project, yaml('v2'), 'up', '-d');
    const view = await waitFor('solo v2 recorded', async () => {
      const d = await deploys(svc.id);
      return d.deploys[0]?.imageId === imageIds.v2 ? d : undefined;
    });
    expect(view.rollback.strategy).toBe('stop-first');
    const res = await call(rollbackRoute.POST, '/', { token, params: { id: svc.id }, body: {} });
    const job = await finished((await json<{ job: Job }>(res)).job.id);
    expect(job.status).toBe('succeeded');
    expect(job.steps[1]?.message).toContain(
      'stop-first because it uses network_mode: host and listens on port 18999',
    );
    const ids = (await compose(project, yaml('v1'), 'ps', '-q', 'solo')).split('\n').filter(Boolean);
    expect(ids).toHaveLength(1);
    expect(await docker('inspect', '--format', '{{.Image}} {{.State.Status}}', ids[0] ?? '')).toBe(
      `${imageIds.v1} running`,
    );
  });

  // The server is not killed as a process here: the job runs in this process, then the restart is
  // simulated by forgetting the in-memory run, closing the store and running the boot step again.
  it('a job running when the server stops is marked interrupted at the next boot, saying where it was', async () => {
    const svc = await app();
    const res = await call(deployRoute.POST, '/', {
      token,
      params: { id: svc.id },
      body: { image: image('v1'), timeoutSeconds: 30 },
    });
    const { job } = await json<{ job: Job }>(res);
    await waitFor('job started its switch', async () => {
      const { job: now } = await json<{ job: Job }>(
        await call(jobRoute.GET, '/', { token, params: { id: job.id } }),
      );
      return now.steps.some((s) => s.message.startsWith('Starting')) ? true : undefined;
    });
    type Live = { job: Job; controller: AbortController };
    const holder = globalThis as unknown as { __opsdeckJobs?: { running: Map<string, Live> } };
    // The deploy itself goes on in this process (only its record is forgotten, as a restart would):
    // kept here to stop it once the check is done, so it does not recreate containers after cleanup.
    const live = [...(holder.__opsdeckJobs?.running.values() ?? [])];
    holder.__opsdeckJobs?.running.clear();
    closeDb();
    expect(markInterruptedJobs()).toBe(1);
    const { job: after } = await json<{ job: Job }>(
      await call(jobRoute.GET, '/', { token, params: { id: job.id } }),
    );
    expect(after.status).toBe('interrupted');
    expect(after.steps.at(-1)?.message).toMatch(
      /Interrupted: the server stopped while deploy was at "(Starting|Gate|Stopping)/,
    );
    for (const r of live) r.controller.abort(new Error('test over'));
    await waitFor(
      'the forgotten deploy stopped',
      async () => (live.every((r) => r.job.finishedAt) ? true : undefined),
      30_000,
    );
  });
});
