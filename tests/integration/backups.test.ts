import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backup } from '@/lib/backups/catalog';
import { resetEnvCache } from '@/lib/config/env';
import type { Job } from '@/lib/jobs/types';
import { call, json, mintToken } from '../support/api';
import { compose, docker, removeByPrefix, tempDataDir, waitFor } from '../support/engine';
import { finished, freePort, redisCompose, removeVolumes } from './backups-fixtures';

const P = 'opsdeck-test-backup';
const dataDir = tempDataDir();
process.env.OPSDECK_DATA_DIR = dataDir;
delete process.env.OPSDECK_BACKUP_DIR;
resetEnvCache();

const createRoute = await import('@/app/api/v1/services/[id]/backups/route');
const listRoute = await import('@/app/api/v1/backups/route');
const oneRoute = await import('@/app/api/v1/backups/[id]/route');
const verifyRoute = await import('@/app/api/v1/backups/[id]/verify/route');
const restoreRoute = await import('@/app/api/v1/backups/[id]/restore/route');
const downloadRoute = await import('@/app/api/v1/backups/[id]/download/route');
const { listServices, getService } = await import('@/lib/services');
const { stopInventory } = await import('@/lib/docker/inventory');

let port = 0;
let operate = '';
let admin = '';
let reader = '';
let serviceId = '';
const redis = async (...args: string[]) =>
  docker('exec', `${P}_redis_1`, 'redis-cli', '-p', String(port), ...args);
const KEYS = Array.from({ length: 50 }, (_, i) => `key:${i}`);

async function startJob(res: Response): Promise<Job> {
  const body = await json<{ job: Job; error?: unknown }>(res);
  expect(res.status, JSON.stringify(body)).toBe(202);
  return finished(body.job.id);
}

async function backupNow(): Promise<Backup> {
  const job = await startJob(
    await call(createRoute.POST, '/', { token: operate, params: { id: serviceId }, method: 'POST' }),
  );
  expect(job.status, job.error ?? '').toBe('succeeded');
  const id = job.results.at(-1)?.target ?? '';
  return (await json<{ backup: Backup }>(await call(oneRoute.GET, '/', { token: reader, params: { id } })))
    .backup;
}

/** Top-level entries of the service's volume, dot-files included (a staging directory would show). */
async function volumeListing(): Promise<string[]> {
  const out = await docker(
    'run',
    '--rm',
    '--network',
    'none',
    '-v',
    `${P}_data:/v`,
    'opsdeck-demo/busybox:1',
    'ls',
    '-A',
    '/v',
  );
  return out.split('\n').filter(Boolean).sort();
}

async function listedBackups(): Promise<Backup[]> {
  return (
    await json<{ backups: Backup[] }>(await call(listRoute.GET, '/', { token: reader, query: { serviceId } }))
  ).backups;
}

describe('backups of a real redis with a named volume', () => {
  beforeAll(async () => {
    await removeByPrefix(P);
    await removeVolumes(`${P}_data`);
    port = await freePort();
    const yaml = redisCompose(port, {
      'opsdeck.backup.pre': `redis-cli -p ${port} SAVE`,
      'opsdeck.backup.verify': 'redis-check-rdb /data/dump.rdb',
      'opsdeck.backup.policy': '24h',
    });
    await compose(P, yaml, 'up', '-d');
    operate = mintToken(['operate']);
    admin = mintToken(['admin']);
    reader = mintToken(['read']);
    const svc = await waitFor(
      'redis healthy',
      async () => {
        const s = (await listServices()).services.find((x) => x.stack === P && x.name === 'redis');
        return s?.status === 'healthy' ? s : undefined;
      },
      60_000,
    );
    serviceId = svc.id;
    for (const k of KEYS) await redis('SET', k, `value ${k} \u00e9\u0001 ${'x'.repeat(100)}`);
  });

  afterAll(async () => {
    stopInventory();
    await removeByPrefix(P);
    await docker('volume', 'rm', '-f', `${P}_data`).catch(() => '');
  });

  it('shows backup_overdue before the first backup', async () => {
    await call(listRoute.GET, '/', { token: reader }); // first use registers the source
    const svc = await getService(serviceId);
    expect(svc.reasons.map((r) => r.code)).toEqual(
      expect.arrayContaining(['backup_overdue', 'backup_unverified']),
    );
  });

  it('backs up, flushes, verifies, restores: the keys are back byte-equal', async () => {
    const before = await redis('--no-raw', 'MGET', ...KEYS);
    const t0 = Date.now();
    const backup = await backupNow();
    console.log(`redis backup: ${Date.now() - t0} ms, ${backup.bytes} bytes`);
    expect(backup).toMatchObject({ serviceId, kind: 'manual', status: 'complete', verifiedAt: null });
    expect(backup.volumes).toEqual([{ source: `${P}_data`, type: 'volume', destination: '/data' }]);
    const manifest = JSON.parse(
      fs.readFileSync(path.join(dataDir, 'backups', backup.id, 'manifest.json'), 'utf8'),
    );
    expect(manifest.pre).toMatchObject({ command: `redis-cli -p ${port} SAVE`, exitCode: 0 });
    expect(manifest.pre.output).toContain('OK');
    expect(manifest.images[0].imageId).toMatch(/^sha256:/);

    await redis('FLUSHALL');
    await redis('SAVE');
    expect(await redis('DBSIZE')).toBe('0');

    const verify = await startJob(
      await call(verifyRoute.POST, '/', { token: operate, params: { id: backup.id }, method: 'POST' }),
    );
    expect(verify.status, verify.error ?? '').toBe('succeeded');
    expect(verify.steps.map((s) => s.message).join('\n')).toContain('redis-check-rdb /data/dump.rdb');
    const verified = (
      await json<{ backup: Backup }>(
        await call(oneRoute.GET, '/', { token: reader, params: { id: backup.id } }),
      )
    ).backup;
    expect(verified.status).toBe('verified');
    expect(verified.verifiedAt).not.toBeNull();
    expect((await getService(serviceId)).reasons.map((r) => r.code)).not.toContain('backup_overdue');

    const t1 = Date.now();
    const restore = await startJob(
      await call(restoreRoute.POST, '/', {
        token: admin,
        params: { id: backup.id },
        body: { target: 'in-place' },
      }),
    );
    console.log(`redis restore: ${Date.now() - t1} ms`);
    expect(restore.status, restore.error ?? '').toBe('succeeded');
    await waitFor('redis answers', async () => ((await redis('PING')) === 'PONG' ? true : undefined), 30_000);
    expect(await redis('--no-raw', 'MGET', ...KEYS)).toBe(before);
    const { backups } = await json<{ backups: Backup[] }>(
      await call(listRoute.GET, '/', { token: reader, query: { serviceId } }),
    );
    expect(backups.find((b) => b.kind === 'undo')?.undoOf).toBe(backup.id);
  });

  it('refuses a backup whose archive was altered, at verify and at restore, leaving the data alone', async () => {
    const backup = await backupNow();
    const archive = path.join(dataDir, 'backups', backup.id, 'volume-0.tar.gz');
    const bytes = fs.readFileSync(archive);
    // the gzip trailer's CRC: every byte of the tar decompresses and streams into staging first,
    // and only the end of the stream shows the damage (a restore straight into the volume would
    // have replaced the data by then)
    const crc = bytes.length - 8;
    bytes[crc] = (bytes[crc] ?? 0) ^ 0xff;
    fs.writeFileSync(archive, bytes);
    await redis('SET', 'after-backup', 'still here');
    await redis('SAVE');
    const verify = await startJob(
      await call(verifyRoute.POST, '/', { token: operate, params: { id: backup.id }, method: 'POST' }),
    );
    expect(verify.status).toBe('failed');
    expect(verify.error).toContain('was altered');
    const after = (
      await json<{ backup: Backup }>(
        await call(oneRoute.GET, '/', { token: reader, params: { id: backup.id } }),
      )
    ).backup;
    expect(after.status).toBe('verify_failed');
    const restore = await startJob(
      await call(restoreRoute.POST, '/', { token: admin, params: { id: backup.id }, body: {} }),
    );
    expect(restore.status).toBe('failed');
    expect(restore.error).toContain('was altered');
    expect(restore.error).toContain('the live data was not touched');
    expect(restore.steps.map((s) => s.message).join('\n')).toContain('into staging on');
    // the service was restarted and loaded its own dump.rdb from the volume: the key saved after
    // the backup is there, so the file on disk is the live one, and no staging directory is left
    await waitFor('redis answers', async () => ((await redis('PING')) === 'PONG' ? true : undefined), 30_000);
    expect(await redis('GET', 'after-backup')).toBe('still here');
    expect(await volumeListing()).toEqual(['dump.rdb']);

    const newVolume = `${P}_altered_copy`;
    const copy = await startJob(
      await call(restoreRoute.POST, '/', {
        token: admin,
        params: { id: backup.id },
        body: { target: 'new-volume', volumeName: newVolume },
      }),
    );
    expect(copy.status).toBe('failed');
    expect(copy.error).toContain('was altered');
    // a volume holding an unproven copy is not left behind
    expect(await docker('volume', 'ls', '-q', '--filter', `name=^${newVolume}$`)).toBe('');
  });

  it('restores in place without an undo backup when an admin says undo:false', async () => {
    await redis('SET', 'only-in-backup', 'yes');
    await redis('SAVE');
    const backup = await backupNow();
    await redis('DEL', 'only-in-backup');
    await redis('SET', 'only-after-backup', 'gone after restore');
    await redis('SAVE');
    const undoBefore = (await listedBackups()).filter((b) => b.kind === 'undo').length;
    const refused = await call(restoreRoute.POST, '/', {
      token: operate,
      params: { id: backup.id },
      body: { undo: false },
    });
    expect(refused.status).toBe(403);
    const restore = await startJob(
      await call(restoreRoute.POST, '/', { token: admin, params: { id: backup.id }, body: { undo: false } }),
    );
    expect(restore.status, restore.error ?? '').toBe('succeeded');
    expect(restore.steps.map((s) => s.message).join('\n')).toContain('No undo backup');
    await waitFor('redis answers', async () => ((await redis('PING')) === 'PONG' ? true : undefined), 30_000);
    expect(await redis('GET', 'only-in-backup')).toBe('yes');
    expect(await redis('EXISTS', 'only-after-backup')).toBe('0');
    expect((await listedBackups()).filter((b) => b.kind === 'undo').length).toBe(undoBefore);
    expect(await volumeListing()).toEqual(['dump.rdb']);
    const bad = await call(restoreRoute.POST, '/', {
      token: admin,
      params: { id: backup.id },
      body: { target: 'new-volume', volumeName: `${P}_x`, undo: false },
    });
    expect(bad.status).toBe(400);
  });

  it('refuses to restore in place while a container outside the service mounts its volume', async () => {
    const backup = (await listedBackups()).find((b) => b.kind !== 'undo');
    if (!backup) throw new Error('no backup to restore');
    await redis('SET', 'untouched', 'yes');
    await docker(
      'run',
      '-d',
      '--name',
      `${P}_intruder`,
      '--network',
      'none',
      '-v',
      `${P}_data:/shared`,
      'opsdeck-demo/busybox:1',
      'sleep',
      '600',
    );
    try {
      const res = await call(restoreRoute.POST, '/', { token: admin, params: { id: backup.id }, body: {} });
      const body = await json<{ error: { code: string; message: string } }>(res);
      expect(res.status).toBe(409);
      expect(body.error.message).toContain(
        `volume ${P}_data is also mounted by running container ${P}_intruder`,
      );
      expect(await redis('GET', 'untouched')).toBe('yes');
    } finally {
      await docker('rm', '-f', `${P}_intruder`);
    }
  });

  it('downloads a backup as a tar and takes it back by upload, refusing a tampered one', async () => {
    const backup = await backupNow();
    // an archive is all of the service's data: admins only
    expect((await call(downloadRoute.GET, '/', { token: operate, params: { id: backup.id } })).status).toBe(
      403,
    );
    const res = await call(downloadRoute.GET, '/', { token: admin, params: { id: backup.id } });
    expect(res.status).toBe(200);
    const tar = Buffer.from(await res.arrayBuffer());
    expect(tar.length).toBe(Number(res.headers.get('content-length')));
    const upload = (body: Buffer) =>
      listRoute.POST(
        new Request(`http://127.0.0.1:3999/api/v1/backups?serviceId=${serviceId}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${operate}`, 'content-type': 'application/x-tar' },
          body: new Uint8Array(body),
        }),
        { params: Promise.resolve({}) },
      );
    const ok = await upload(tar);
    const uploaded = await json<{ backup: Backup }>(ok);
    expect(ok.status, JSON.stringify(uploaded)).toBe(201);
    expect(uploaded.backup).toMatchObject({
      kind: 'upload',
      serviceId,
      files: backup.files,
      contentBytes: backup.contentBytes,
    });
    const tampered = Buffer.from(tar);
    tampered[tampered.length - 2048] = (tampered[tampered.length - 2048] ?? 0) ^ 0xff;
    const bad = await upload(tampered);
    expect(bad.status).toBe(400);
    expect((await json<{ error: { code: string } }>(bad)).error.code).toBe('bad_request');
    const junk = await upload(Buffer.from('not a tar at all'.repeat(100)));
    expect(junk.status).toBe(400);
    expect(fs.readdirSync(path.join(dataDir, 'backups')).filter((n) => n.endsWith('.partial'))).toEqual([]);
  });

  it('answers 404, 400, 403 and 409 with the envelope', async () => {
    const unknown = await call(oneRoute.GET, '/', { token: reader, params: { id: 'nope' } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    expect((await call(oneRoute.GET, '/', { token: reader, params: { id: '../etc' } })).status).toBe(404);
    const [first] = (
      await json<{ backups: Backup[] }>(
        await call(listRoute.GET, '/', { token: reader, query: { serviceId } }),
      )
    ).backups;
    if (!first) throw new Error('no backup listed');
    const bad = await call(restoreRoute.POST, '/', {
      token: admin,
      params: { id: first.id },
      body: { target: 'new-volume' },
    });
    expect(bad.status).toBe(400);
    const badName = await call(restoreRoute.POST, '/', {
      token: admin,
      params: { id: first.id },
      body: { target: 'new-volume', volumeName: '../x' },
    });
    expect(badName.status).toBe(400);
    const asOperator = await call(restoreRoute.POST, '/', {
      token: operate,
      params: { id: first.id },
      body: {},
    });
    expect(asOperator.status).toBe(403);
    const limited = mintToken(['admin'], ['some-other-stack']);
    expect(
      (await call(restoreRoute.POST, '/', { token: limited, params: { id: first.id }, body: {} })).status,
    ).toBe(403);
    const running = await call(createRoute.POST, '/', {
      token: operate,
      params: { id: serviceId },
      method: 'POST',
    });
    expect(running.status).toBe(202);
    const runningJob = (await json<{ job: Job }>(running)).job;
    const busy = await call(restoreRoute.POST, '/', { token: admin, params: { id: first.id }, body: {} });
    expect(busy.status).toBe(409);
    expect((await json<{ error: { jobId: string } }>(busy)).error.jobId).toBe(runningJob.id);
    await finished(runningJob.id);
    const del = await call(oneRoute.DELETE, '/', {
      token: admin,
      params: { id: first.id },
      method: 'DELETE',
    });
    expect(del.status).toBe(200);
    expect((await call(oneRoute.GET, '/', { token: reader, params: { id: first.id } })).status).toBe(404);
    expect(fs.existsSync(path.join(dataDir, 'backups', first.id))).toBe(false);
  });
});
