import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { ops } from '@/lib/contract';
import type { Job } from '@/lib/jobs/types';
import { answer, call, jobFinished, json, mintToken } from '../support/api';
import { BUSYBOX, compose, docker, removeByPrefix, tempDataDir, waitFor } from '../support/engine';
import { type RunningRegistry, startRegistry } from '../support/registry';
import { type RunningProxy, raw, startProxy } from '../support/socket-proxy';

/**
 * Image updates end to end, with real parts only: a registry (Debian's docker-registry) on
 * loopback holding images this test pushes, the sandbox engine, and Opsdeck talking to the engine
 * through the socket proxy, so every engine call of the feature passes the proxy's rules too.
 */
const P = 'opsdeck-test-images';
process.env.OPSDECK_DATA_DIR = tempDataDir();
process.env.OPSDECK_IMAGE_CHECK_MINUTES = '0';

let registry: RunningRegistry;
let proxy: RunningProxy;
let REPO = '';
let REF = '';
let operator = '';
let admin = '';
let reader = '';
const ids: Record<string, string> = {};

const checkRoute = await import('@/app/api/v1/services/[id]/image-check/route');
const pullDeployRoute = await import('@/app/api/v1/services/[id]/pull-deploy/route');
const serviceRoute = await import('@/app/api/v1/services/[id]/route');
const dfRoute = await import('@/app/api/v1/system/df/route');
const pruneRoute = await import('@/app/api/v1/system/prune/route');
const { listServices } = await import('@/lib/services');
const { stopInventory } = await import('@/lib/docker/inventory');
const { liveInventory } = await import('@/lib/services/runtime');
const { startDeployRecorder, stopDeployRecorder } = await import('@/lib/actions/deploys');

const composeFile = () => `
version: "2.4"
services:
  app:
    image: ${REF}
    network_mode: none
  local:
    image: ${BUSYBOX}
    command: ["sleep", "3600"]
    network_mode: none
`;

/** Builds a version of the app (ENV differs, so the digest does) as REF and pushes it. */
async function buildAndPush(version: string): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-images-'));
  fs.writeFileSync(
    path.join(dir, 'Dockerfile'),
    `FROM ${BUSYBOX}
ENV APP_VERSION=${version}
HEALTHCHECK --interval=1s --timeout=2s --retries=1 CMD test -f /tmp/ok
CMD ["sh", "-c", "trap 'exit 0' TERM; touch /tmp/ok; while :; do sleep 1; done"]
`,
  );
  await docker('build', '-q', '-t', REF, dir);
  await docker('push', REF);
  return docker('image', 'inspect', '--format', '{{.Id}}', REF);
}

async function app(name = 'app') {
  return waitFor(`the ${name} service`, async () => {
    const { services } = await listServices();
    return services.find((s) => s.stack === P && s.name === name);
  });
}

async function check(id: string) {
  const res = await call(checkRoute.POST, '/', { token: operator, params: { id }, method: 'POST' });
  expect(res.status).toBe(200);
  return (await answer(ops.servicesImageCheck, res)).image;
}

const finished = (jobId: string) => jobFinished<Job>(jobId, operator);

const runningImage = async () =>
  docker('inspect', '--format', '{{.Image}}', await compose(P, composeFile(), 'ps', '-q', 'app'));

beforeAll(async () => {
  await removeByPrefix(P);
  registry = await startRegistry();
  REPO = `${registry.host}/demo/app`;
  REF = `${REPO}:1`;
  proxy = await startProxy();
  // Opsdeck reaches the engine through the proxy; the test's own docker CLI goes direct
  process.env.OPSDECK_DOCKER_HOSTS = `local=unix://${proxy.socket}`;
  resetEnvCache();
  ids.v1 = await buildAndPush('1');
  await compose(P, composeFile(), 'up', '-d');
  liveInventory();
  startDeployRecorder();
  operator = mintToken(['read', 'operate'], null, 'images-operator');
  admin = mintToken(['read', 'operate', 'admin'], null, 'images-admin');
  reader = mintToken(['read'], null, 'images-reader');
}, 180_000);

afterAll(async () => {
  stopDeployRecorder();
  stopInventory();
  await removeByPrefix(P);
  await proxy?.stop();
  await registry?.stop();
  if (registry) fs.rmSync(registry.dir, { recursive: true, force: true });
  await docker('image', 'rm', REF).catch(() => '');
  await docker('network', 'rm', `${P}-unused`).catch(() => '');
  await docker('volume', 'rm', `${P}-named`).catch(() => '');
});

describe('image updates against a real registry', () => {
  it('a fresh push is up to date, and the service carries the check', async () => {
    const svc = await app();
    expect(svc.image.ref).toBe(REF);
    const image = await check(svc.id);
    expect(image).toMatchObject({ ref: REF, updateAvailable: false, error: null });
    expect(image.currentDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(image.remoteDigest).toBe(image.currentDigest);
    const got = await json<{ image: { updateAvailable: boolean | null; checkedAt: string | null } }>(
      await call(serviceRoute.GET, '/', { token: reader, params: { id: svc.id } }),
    );
    expect(got.image.updateAvailable).toBe(false);
    expect(got.image.checkedAt).toBe(image.checkedAt);
  });

  it('an image built on the host has nothing to compare: a note, not a failure, and no badge', async () => {
    const svc = await app('local');
    const image = await check(svc.id);
    expect(image).toMatchObject({ ref: BUSYBOX, updateAvailable: null, error: null });
    expect(image.note).toMatch(/built or loaded on the host/);
  });

  it('a new image pushed to the same tag is an update; a reader may not check', async () => {
    const svc = await app();
    ids.v2 = await buildAndPush('2');
    expect(ids.v2).not.toBe(ids.v1);
    // gone from the host, so the pull below really fetches it from the registry
    await docker('image', 'rm', REF);
    const image = await check(svc.id);
    expect(image.updateAvailable).toBe(true);
    expect(image.remoteDigest).not.toBe(image.currentDigest);
    const res = await call(checkRoute.POST, '/', { token: reader, params: { id: svc.id }, method: 'POST' });
    expect(res.status).toBe(403);
  });

  it('pull and deploy runs the new image behind the gate; then it is up to date', async () => {
    const svc = await app();
    const res = await call(pullDeployRoute.POST, '/', { token: operator, params: { id: svc.id }, body: {} });
    expect(res.status).toBe(202);
    const job = await finished((await answer(ops.servicesPullDeploy, res)).job.id);
    expect(job.status, JSON.stringify(job.steps)).toBe('succeeded');
    expect(job.kind).toBe('deploy');
    expect(job.steps.map((s) => s.message).join('\n')).toContain(`Pulling ${REF}`);
    expect(await runningImage()).toBe(ids.v2);
    const after = await app();
    const image = await check(after.id);
    expect(image).toMatchObject({ updateAvailable: false, error: null });
    // a second pull and deploy finds nothing newer and changes nothing
    const again = await call(pullDeployRoute.POST, '/', {
      token: operator,
      params: { id: svc.id },
      body: {},
    });
    const job2 = await finished((await json<{ job: Job }>(again)).job.id);
    expect(job2.status).toBe('succeeded');
    expect(job2.steps.map((s) => s.message).join('\n')).toContain('already runs the newest');
  });

  it('the proxy pulls only a tag a managed service runs', async () => {
    const ok = await raw(proxy.socket, 'POST', `/images/create?fromImage=${REPO}&tag=1`);
    expect(ok.status).toBe(200);
    for (const path of [
      `/images/create?fromImage=${REPO}&tag=2`,
      `/images/create?fromImage=${registry.host}/demo/other&tag=1`,
      `/images/create?fromImage=${REPO}&tag=1&repo=evil`,
      `/images/create?fromSrc=http://${registry.host}/x.tar&repo=${REPO}&tag=1`,
    ]) {
      const res = await raw(proxy.socket, 'POST', path);
      expect(res.status, `${path}: ${res.text}`).toBe(403);
    }
  });

  it('disk usage per host; the prune dry run lists the replaced image and not the running one', async () => {
    const df = await answer(ops.systemDf, await call(dfRoute.GET, '/', { token: reader }));
    expect(df.host).toBe('local');
    expect(df.images.count).toBeGreaterThan(1);
    expect(df.images.size).toBeGreaterThan(0);

    const net = await docker('network', 'create', `${P}-unused`);
    await docker('volume', 'create', `${P}-named`);
    expect((await call(pruneRoute.GET, '/', { token: operator })).status).toBe(403);
    const preview = await answer(ops.systemPrunePreview, await call(pruneRoute.GET, '/', { token: admin }));
    const listed = preview.images.map((i) => i.id);
    expect(listed).toContain(ids.v1);
    expect(listed).not.toContain(ids.v2);
    expect(preview.images.find((i) => i.id === ids.v1)?.size).toBeGreaterThan(0);
    expect(preview.networks.map((n) => n.id)).toContain(net);
    expect(preview.networks.map((n) => n.name)).not.toContain('host');
    expect(preview.volumes.find((v) => v.name === `${P}-named`)).toMatchObject({ named: true });

    const res = await call(pruneRoute.POST, '/', {
      token: admin,
      body: { images: [ids.v1, ids.v2], networks: [net], volumes: [] },
    });
    expect(res.status).toBe(200);
    const result = await answer(ops.systemPrune, res);
    expect(result.results).toEqual([
      expect.objectContaining({ kind: 'image', id: ids.v1, outcome: 'removed' }),
      expect.objectContaining({ kind: 'image', id: ids.v2, outcome: 'skipped' }),
      expect.objectContaining({ kind: 'network', id: net, outcome: 'removed' }),
    ]);
    expect(result.reclaimedBytes).toBeGreaterThan(0);
    await expect(docker('image', 'inspect', ids.v1 as string)).rejects.toThrow();
    await expect(docker('network', 'inspect', net)).rejects.toThrow();
    expect(await runningImage()).toBe(ids.v2);
    // the named volume was not chosen, so it stays; chosen by name, it goes
    expect(await docker('volume', 'inspect', '--format', '{{.Name}}', `${P}-named`)).toBe(`${P}-named`);
    const second = await answer(
      ops.systemPrune,
      await call(pruneRoute.POST, '/', { token: admin, body: { volumes: [`${P}-named`] } }),
    );
    expect(second.results).toEqual([
      expect.objectContaining({ kind: 'volume', id: `${P}-named`, outcome: 'removed' }),
    ]);
    // every engine call of the feature went through the socket proxy's rules
    for (const name of [
      'images.create',
      'image.remove',
      'networks.list',
      'network.remove',
      'volume.remove',
      'system.df',
    ])
      expect(proxy.allowed()).toContain(name);
  });

  it('a registry that is down is a failed check, never "up to date"', async () => {
    const svc = await app();
    await registry.stop();
    const image = await check(svc.id);
    expect(image.updateAvailable).toBeNull();
    expect(image.error).toMatch(/unreachable/);
    const got = await json<{ image: { updateAvailable: boolean | null; error: string | null } }>(
      await call(serviceRoute.GET, '/', { token: reader, params: { id: svc.id } }),
    );
    expect(got.image).toMatchObject({ updateAvailable: null, error: image.error });
  });
});
