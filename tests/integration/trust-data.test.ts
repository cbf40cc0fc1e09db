/**
 * Other people's data, against the real engine: Opsdeck never acts on itself, host bind mounts are
 * backed up only on opt-in, downloads are admin-only, an upload belongs to the service it names,
 * service-limited tokens are limited on every read, the wall stream carries only what the wall
 * draws, and a deploy stays on the service's repository unless an admin says otherwise.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backup } from '@/lib/backups/catalog';
import { resetEnvCache } from '@/lib/config/env';
import { UNKNOWN_SERVICE_ID } from '@/lib/contract/operation';
import type { Job } from '@/lib/jobs/types';
import { liveEventSchema, wallLiveEventSchema } from '@/lib/live/schemas';
import type { Service } from '@/lib/services/types';
import { call, json, mintToken } from '../support/api';
import { BUSYBOX, compose, docker, removeByPrefix, tempDataDir, waitFor } from '../support/engine';
import { readSse, type SseEvent } from '../support/sse';
import { finished, removeVolumes } from './backups-fixtures';

const P = 'opsdeck-test-trust';
process.env.OPSDECK_DATA_DIR = tempDataDir();
delete process.env.OPSDECK_BACKUP_DIR;
delete process.env.OPSDECK_SELF_SERVICES;
resetEnvCache();

const servicesRoute = await import('@/app/api/v1/services/route');
const serviceRoute = await import('@/app/api/v1/services/[id]/route');
const containersRoute = await import('@/app/api/v1/services/[id]/containers/route');
const eventsRoute = await import('@/app/api/v1/services/[id]/events/route');
const restartRoute = await import('@/app/api/v1/services/[id]/restart/route');
const scaleRoute = await import('@/app/api/v1/services/[id]/scale/route');
const deployRoute = await import('@/app/api/v1/services/[id]/deploy/route');
const containerRestartRoute = await import('@/app/api/v1/containers/[containerId]/restart/route');
const createBackupRoute = await import('@/app/api/v1/services/[id]/backups/route');
const backupsRoute = await import('@/app/api/v1/backups/route');
const backupRoute = await import('@/app/api/v1/backups/[id]/route');
const downloadRoute = await import('@/app/api/v1/backups/[id]/download/route');
const streamRoute = await import('@/app/api/v1/stream/route');
const { listServices } = await import('@/lib/services');
const { stopInventory } = await import('@/lib/docker/inventory');
const { stopLiveHub } = await import('@/lib/live/hub');
const { tarEnd, tarFileHeader, tarPadding } = await import('@/lib/backups/tar-write');

const SECRET_LABEL = 'label-secret-7f3a';
const SECRET_HEALTH = 'health-secret-9c1d';
const bindDir = fs.mkdtempSync(path.join(os.tmpdir(), `${P}-bind-`));
const sleeper = (extra: string) => `
    image: ${BUSYBOX}
    command: ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"]
    network_mode: none
${extra}`;
const yaml = `
version: "2.4"
services:
  console:${sleeper(`    volumes: ["selfdata:/data"]
    labels:
      opsdeck.role: console`)}
  app:${sleeper(`    volumes: ["appdata:/data"]
    labels:
      secret.token: "${SECRET_LABEL}"`)}
  other:${sleeper(`    volumes: ["otherdata:/data"]`)}
  binds:${sleeper(`    volumes: ["${bindDir}:/conf"]`)}
  sick:${sleeper(`    healthcheck:
      test: ["CMD", "sh", "-c", "echo ${SECRET_HEALTH}; exit 1"]
      interval: 1s
      retries: 1`)}
volumes:
  selfdata: {}
  appdata: {}
  otherdata: {}
`;

const svcs: Record<string, Service> = {};
let reader = '';
let operate = '';
let admin = '';
let limitedRead = '';
const errorOf = async (res: Response) =>
  (await json<{ error: { code: string; message: string } }>(res)).error;

async function backupOf(id: string): Promise<Backup> {
  const res = await call(createBackupRoute.POST, '/', { token: operate, params: { id }, method: 'POST' });
  expect(res.status).toBe(202);
  const job = await finished((await json<{ job: Job }>(res)).job.id);
  expect(job.status, job.error ?? '').toBe('succeeded');
  const backupId = job.results.at(-1)?.target ?? '';
  return (
    await json<{ backup: Backup }>(
      await call(backupRoute.GET, '/', { token: admin, params: { id: backupId } }),
    )
  ).backup;
}

/** Reads a stream until `until` holds; returns the events and the raw text. */
async function readStream(token: string, until: (events: SseEvent[]) => boolean) {
  const abort = new AbortController();
  const res = await call(streamRoute.GET, '/api/v1/stream', { token, signal: abort.signal });
  expect(res.status).toBe(200);
  const events: SseEvent[] = [];
  const reading = readSse(res, (e) => events.push(e));
  await waitFor('stream events', () => (until(events) ? true : undefined));
  abort.abort();
  await reading.catch(() => undefined);
  return events;
}

describe('other people’s data', () => {
  beforeAll(async () => {
    await removeByPrefix(P);
    await removeVolumes(`${P}_selfdata`, `${P}_appdata`, `${P}_otherdata`);
    await compose(P, yaml, 'up', '-d');
    reader = mintToken(['read']);
    operate = mintToken(['read', 'operate']);
    admin = mintToken(['admin']);
    limitedRead = mintToken(['read', 'display'], [`${P}/app`], 'limited-to-app');
    await waitFor(
      'services up, sick unhealthy',
      async () => {
        const mine = (await listServices()).services.filter((s) => s.stack === P);
        for (const s of mine) svcs[s.name] = s;
        return mine.length === 5 &&
          svcs.sick?.status !== 'healthy' &&
          svcs.sick?.reasons.some((r) => r.code === 'unhealthy')
          ? true
          : undefined;
      },
      30_000,
    );
  }, 60_000);

  afterAll(async () => {
    delete process.env.OPSDECK_SELF_SERVICES;
    resetEnvCache();
    stopLiveHub();
    stopInventory();
    await removeByPrefix(P);
    await removeVolumes(`${P}_selfdata`, `${P}_appdata`, `${P}_otherdata`);
    fs.rmSync(bindDir, { recursive: true, force: true });
  });

  it('never restarts, scales, deploys into, backs up or uploads over Opsdeck itself, and says why', async () => {
    const self = svcs.console as Service;
    expect(self.reasons).toContainEqual(
      expect.objectContaining({ code: 'opsdeck_itself', severity: 'info' }),
    );
    const asked = [
      await call(restartRoute.POST, '/', { token: admin, params: { id: self.id }, body: {} }),
      await call(scaleRoute.POST, '/', { token: admin, params: { id: self.id }, body: { replicas: 2 } }),
      await call(deployRoute.POST, '/', { token: admin, params: { id: self.id }, body: { image: BUSYBOX } }),
      await call(createBackupRoute.POST, '/', { token: admin, params: { id: self.id }, method: 'POST' }),
      await call(containerRestartRoute.POST, '/', {
        token: admin,
        params: { containerId: self.containers[0]?.id ?? '' },
        body: {},
      }),
    ];
    for (const res of asked) {
      expect(res.status).toBe(403);
      expect((await errorOf(res)).message).toContain('Opsdeck itself');
    }
    const { backups } = await json<{ backups: Backup[] }>(
      await call(backupsRoute.GET, '/', { token: admin, query: { serviceId: self.id } }),
    );
    expect(backups).toEqual([]);
  });

  it('recognises itself by OPSDECK_SELF_SERVICES when it does not run in a labelled container', async () => {
    process.env.OPSDECK_SELF_SERVICES = `other-stack/x, ${P}/oth*`;
    resetEnvCache();
    try {
      const res = await call(restartRoute.POST, '/', {
        token: admin,
        params: { id: svcs.other?.id ?? '' },
        body: {},
      });
      expect(res.status).toBe(403);
    } finally {
      delete process.env.OPSDECK_SELF_SERVICES;
      resetEnvCache();
    }
  });

  it('backs up host bind mounts only when the service opts in', async () => {
    const res = await call(createBackupRoute.POST, '/', {
      token: operate,
      params: { id: svcs.binds?.id ?? '' },
      method: 'POST',
    });
    const job = res.status === 202 ? await finished((await json<{ job: Job }>(res)).job.id) : null;
    expect(job?.status ?? 'refused').not.toBe('succeeded');
    expect(job?.error ?? (await errorOf(res)).message).toContain('opsdeck.backup.binds=true');
  });

  it('downloads are admin-only; an upload belongs to the existing service it names, within the limit', async () => {
    const backup = await backupOf(svcs.other?.id ?? '');
    const byOperator = await call(downloadRoute.GET, '/', { token: operate, params: { id: backup.id } });
    expect(byOperator.status).toBe(403);
    const limitedAdmin = mintToken(['admin'], [`${P}/app`]);
    expect(
      (await call(downloadRoute.GET, '/', { token: limitedAdmin, params: { id: backup.id } })).status,
    ).toBe(403);
    const res = await call(downloadRoute.GET, '/', { token: admin, params: { id: backup.id } });
    expect(res.status).toBe(200);
    const tar = Buffer.from(await res.arrayBuffer());

    // the same archives, with a manifest claiming prod/db
    const files = new Map<string, Buffer>();
    for (let off = 0; off + 512 <= tar.length; ) {
      const name = tar
        .subarray(off, off + 100)
        .toString('utf8')
        .replace(/\0.*$/s, '');
      if (!name) break;
      const size = Number.parseInt(
        tar
          .subarray(off + 124, off + 136)
          .toString('utf8')
          .trim(),
        8,
      );
      files.set(name, tar.subarray(off + 512, off + 512 + size));
      off += 512 + Math.ceil(size / 512) * 512;
    }
    const manifest = JSON.parse(String(files.get('manifest.json')));
    manifest.service = { id: UNKNOWN_SERVICE_ID, host: 'local', stack: 'prod', name: 'db' };
    files.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
    const forged = Buffer.concat([
      ...[...files].flatMap(([name, data]) => [
        tarFileHeader(name, data.length),
        data,
        tarPadding(data.length),
      ]),
      tarEnd(),
    ]);
    const upload = (token: string, serviceId?: string) =>
      backupsRoute.POST(
        new Request(`http://127.0.0.1:3999/api/v1/backups${serviceId ? `?serviceId=${serviceId}` : ''}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-tar' },
          body: new Uint8Array(forged),
        }),
        { params: Promise.resolve({}) },
      );
    expect((await upload(admin)).status).toBe(400);
    expect((await upload(admin, UNKNOWN_SERVICE_ID)).status).toBe(404);
    expect((await upload(admin, svcs.console?.id)).status).toBe(403);
    const limitedOperator = mintToken(['operate'], [`${P}/app`]);
    expect((await upload(limitedOperator, svcs.other?.id)).status).toBe(403);
    const ok = await upload(limitedOperator, svcs.app?.id);
    const uploaded = (await json<{ backup: Backup }>(ok)).backup;
    expect(ok.status).toBe(201);
    expect(uploaded).toMatchObject({ serviceId: svcs.app?.id, service: { stack: P, name: 'app' } });
  });

  it('a service-limited token reads nothing of other services', async () => {
    const other = svcs.other as Service;
    const listed = await json<{ services: Service[] }>(
      await call(servicesRoute.GET, '/', { token: limitedRead }),
    );
    expect(listed.services.map((s) => s.name)).toEqual(['app']);
    for (const route of [serviceRoute, containersRoute, eventsRoute])
      expect((await call(route.GET, '/', { token: limitedRead, params: { id: other.id } })).status).toBe(404);
    expect(
      (await call(serviceRoute.GET, '/', { token: limitedRead, params: { id: svcs.app?.id ?? '' } })).status,
    ).toBe(200);
    const otherBackups = await json<{ backups: Backup[] }>(
      await call(backupsRoute.GET, '/', { token: reader, query: { serviceId: other.id } }),
    );
    const one = otherBackups.backups[0];
    if (!one) throw new Error('expected a backup of other');
    const seen = await json<{ backups: Backup[] }>(await call(backupsRoute.GET, '/', { token: limitedRead }));
    expect(seen.backups.every((b) => b.serviceId === svcs.app?.id)).toBe(true);
    expect((await call(backupRoute.GET, '/', { token: limitedRead, params: { id: one.id } })).status).toBe(
      404,
    );

    const events = await readStream(limitedRead, (e) => e.some((x) => x.event === 'snapshot'));
    const snapshot = JSON.parse(events.find((e) => e.event === 'snapshot')?.data ?? '{}') as {
      services: Service[];
    };
    expect(snapshot.services.map((s) => s.name)).toEqual(['app']);
  });

  it('the wall stream carries only what the wall draws: no labels, images, container ids or health output', async () => {
    const display = mintToken(['display']);
    const events = await readStream(display, (e) => e.some((x) => x.event === 'snapshot'));
    const raw = events.map((e) => e.data).join('\n');
    const snap = events.find((e) => e.event === 'snapshot');
    const event = { seq: Number(snap?.id), name: 'snapshot', data: JSON.parse(snap?.data ?? '{}') };
    // the wall schema accepts it and strips nothing: there is nothing beyond it
    expect(wallLiveEventSchema.parse(event)).toEqual(event);
    const sick = (
      event.data.services as { name: string; status: string; reasons: { message: string }[] }[]
    ).find((s) => s.name === 'sick');
    expect(sick?.status).not.toBe('healthy');
    // the wall draws the first reason only
    expect(sick?.reasons).toHaveLength(1);
    for (const secret of [
      SECRET_LABEL,
      SECRET_HEALTH,
      BUSYBOX,
      'opsdeck.role',
      ...Object.values(svcs).flatMap((s) => s.containers.map((c) => c.id.slice(0, 12))),
    ])
      expect(raw).not.toContain(secret);

    // a reader still gets the whole service
    const full = await readStream(reader, (e) => e.some((x) => x.event === 'snapshot'));
    const fullSnap = full.find((e) => e.event === 'snapshot');
    const fullEvent = {
      seq: Number(fullSnap?.id),
      name: 'snapshot',
      data: JSON.parse(fullSnap?.data ?? '{}'),
    };
    expect(liveEventSchema.parse(fullEvent)).toEqual(fullEvent);
    // …so the secrets were there to leak
    expect(fullSnap?.data).toContain(SECRET_LABEL);
    expect(fullSnap?.data).toContain(SECRET_HEALTH);
  });

  it('a deploy stays on the service’s repository unless an admin allows another', async () => {
    const app = svcs.app as Service;
    const other = 'opsdeck-demo/redis:1';
    const refused = await call(deployRoute.POST, '/', {
      token: operate,
      params: { id: app.id },
      body: { image: other },
    });
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).message).toContain('allowOtherRepository');
    const selfAllowed = await call(deployRoute.POST, '/', {
      token: operate,
      params: { id: app.id },
      body: { image: other, allowOtherRepository: true },
    });
    expect(selfAllowed.status).toBe(403);
    const byAdmin = await call(deployRoute.POST, '/', {
      token: admin,
      params: { id: app.id },
      body: { image: other, allowOtherRepository: true, timeoutSeconds: 30 },
    });
    expect(byAdmin.status).toBe(202);
    await finished((await json<{ job: Job }>(byAdmin)).job.id);
    expect(await docker('image', 'inspect', '--format', '{{.Id}}', other)).not.toBe('');
  });
});
