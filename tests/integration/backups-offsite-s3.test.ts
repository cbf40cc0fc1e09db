import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import type { Job } from '@/lib/jobs/types';
import { call, json, mintToken } from '../support/api';
import { compose, docker, removeByPrefix, tempDataDir, waitFor } from '../support/engine';
import { finished, freePort, healthyServiceId, redisCompose, removeVolumes } from './backups-fixtures';

/**
 * Off-site copies to an S3-compatible bucket: a real S3 server (npm `s3rver`, file-backed) on
 * loopback, the real engine, a real redis. Multipart upload of a backup larger than one part,
 * sha256 in the objects' metadata, retention removing the objects, restore from the bucket when the
 * local copy is gone, and credentials (from a secret file) never in jobs, answers or the audit log.
 */
const P = 'opsdeck-test-bs3';
const BUCKET = 'opsdeck-offsite';
const SECRET = 'S3RVER'; // s3rver's fixed credentials; read from a file as a deployment would
const dataDir = tempDataDir();
const s3dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-s3rver-'));
const secretFile = path.join(s3dir, 'secret');
fs.writeFileSync(secretFile, `${SECRET}\n`);
const server = new S3rver({
  port: 0,
  address: '127.0.0.1',
  silent: true,
  directory: path.join(s3dir, 'data'),
});
const { port: s3port } = await server.run();
const endpoint = `http://127.0.0.1:${s3port}`;
const s3 = new S3Client({
  endpoint,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: SECRET, secretAccessKey: SECRET },
});
await s3.send(new (await import('@aws-sdk/client-s3')).CreateBucketCommand({ Bucket: BUCKET }));
process.env.OPSDECK_DATA_DIR = dataDir;
delete process.env.OPSDECK_BACKUP_DIR;
delete process.env.OPSDECK_OFFSITE_DIR;
Object.assign(process.env, {
  OPSDECK_OFFSITE_S3_BUCKET: BUCKET,
  OPSDECK_OFFSITE_S3_ENDPOINT: endpoint,
  OPSDECK_OFFSITE_S3_PREFIX: 'backups/',
  OPSDECK_OFFSITE_S3_ACCESS_KEY_ID_FILE: secretFile,
  OPSDECK_OFFSITE_S3_SECRET_ACCESS_KEY_FILE: secretFile,
});
resetEnvCache();

const createRoute = await import('@/app/api/v1/services/[id]/backups/route');
const restoreRoute = await import('@/app/api/v1/backups/[id]/restore/route');
const oneRoute = await import('@/app/api/v1/backups/[id]/route');
const { stopInventory } = await import('@/lib/docker/inventory');
const { listAudit } = await import('@/lib/audit/query');

let port = 0;
let serviceId = '';
let operate = '';
let admin = '';
const redis = async (...args: string[]) =>
  docker('exec', `${P}_redis_1`, 'redis-cli', '-p', String(port), ...args);
const keys = async (prefix: string) =>
  ((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }))).Contents ?? [])
    .map((o) => o.Key)
    .sort();

async function backupNow(): Promise<Job> {
  const res = await call(createRoute.POST, '/', {
    token: operate,
    params: { id: serviceId },
    method: 'POST',
  });
  const job = await finished((await json<{ job: Job }>(res)).job.id);
  expect(job.status, job.error ?? '').toBe('succeeded');
  return job;
}

describe('off-site copies in an S3-compatible bucket (s3rver on loopback)', () => {
  beforeAll(async () => {
    await removeByPrefix(P);
    await removeVolumes(`${P}_data`);
    port = await freePort();
    await compose(
      P,
      redisCompose(port, { 'opsdeck.backup.pre': `redis-cli -p ${port} SAVE`, 'opsdeck.backup.keep': '1' }),
      'up',
      '-d',
    );
    operate = mintToken(['operate']);
    admin = mintToken(['admin']);
    serviceId = await healthyServiceId(P, 'redis');
    // ~12 MB of incompressible values: the archive needs more than one 8 MiB part
    await docker(
      'exec',
      `${P}_redis_1`,
      'sh',
      '-c',
      `for i in $(seq 1 12); do head -c 1048576 /dev/urandom | redis-cli -p ${port} -x SET blob:$i >/dev/null; done`,
    );
  });

  afterAll(async () => {
    stopInventory();
    await removeByPrefix(P);
    await docker('volume', 'rm', '-f', `${P}_data`).catch(() => '');
    await server.close();
    fs.rmSync(s3dir, { recursive: true, force: true });
    for (const k of Object.keys(process.env)) if (k.startsWith('OPSDECK_OFFSITE_S3_')) delete process.env[k];
  });

  it('uploads each backup in parts with its sha256, and retention removes the old one there', async () => {
    const first = await backupNow();
    const firstId = first.results.at(-1)?.target ?? '';
    expect(first.steps.map((s) => s.message).join('\n')).toContain(
      `Off-site copy complete: s3://${BUCKET}/backups/`,
    );
    expect(await keys(`backups/${firstId}/`)).toEqual([
      `backups/${firstId}/manifest.json`,
      `backups/${firstId}/volume-0.tar.gz`,
    ]);
    const manifest = JSON.parse(
      fs.readFileSync(path.join(dataDir, 'backups', firstId, 'manifest.json'), 'utf8'),
    );
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: BUCKET, Key: `backups/${firstId}/volume-0.tar.gz` }),
    );
    expect(head.Metadata?.sha256).toBe(manifest.volumes[0].sha256);
    expect(head.ContentLength).toBe(manifest.volumes[0].archiveBytes);
    expect(manifest.volumes[0].archiveBytes).toBeGreaterThan(8 * 1024 * 1024);
    const second = await backupNow();
    const secondId = second.results.at(-1)?.target ?? '';
    expect(await keys('backups/')).toEqual([
      `backups/${secondId}/manifest.json`,
      `backups/${secondId}/volume-0.tar.gz`,
    ]);
  });

  it('restores from the bucket when the local copy is gone; no credential anywhere', async () => {
    const job = await backupNow();
    const id = job.results.at(-1)?.target ?? '';
    await redis('SET', 'k', 'changed after');
    await redis('SAVE');
    fs.rmSync(path.join(dataDir, 'backups', id), { recursive: true });
    const restore = await finished(
      (
        await json<{ job: Job }>(
          await call(restoreRoute.POST, '/', { token: admin, params: { id }, body: { undo: false } }),
        )
      ).job.id,
    );
    expect(restore.status, restore.error ?? '').toBe('succeeded');
    expect(restore.steps.map((s) => s.message).join('\n')).toContain(
      `fetching the off-site copy from s3://${BUCKET}`,
    );
    await waitFor('redis answers', async () => ((await redis('PING')) === 'PONG' ? true : undefined), 30_000);
    expect(await redis('EXISTS', 'k')).toBe('0');
    expect(await redis('STRLEN', 'blob:12')).toBe('1048576');
    const answer = await (await call(oneRoute.GET, '/', { token: operate, params: { id } })).text();
    const audit = JSON.stringify(listAudit({ limit: 500 }).entries);
    for (const text of [JSON.stringify(job), JSON.stringify(restore), answer, audit])
      expect(text).not.toContain(SECRET);
  });
});
