import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { compose, docker, removeByPrefix, tempDataDir } from '../support/engine';
import { partCuttingProxy } from '../support/part-cutting-proxy';
import { finished, freePort, healthyServiceId, redisCompose, removeVolumes } from './backups-fixtures';

/**
 * An off-site copy cut off mid-file resumes mid-file, and a service with no later backup still gets
 * its copy: a real S3 server (s3rver) behind a loopback forwarder that drops connections after two
 * stored parts (tests/support/part-cutting-proxy.ts), a real redis with ~30 MB of random data (an
 * archive of four 8 MiB parts), the real engine. The sweep (not a second backup) carries the copy.
 */
const P = 'opsdeck-test-bresume';
const BUCKET = 'opsdeck-resume';
const dataDir = tempDataDir();
const s3dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-s3rver-resume-'));
const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3dir });
const { port: s3port } = await server.run();
const proxy = await partCuttingProxy(`http://127.0.0.1:${s3port}`);
const s3 = new S3Client({
  endpoint: `http://127.0.0.1:${s3port}`,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
});
await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
process.env.OPSDECK_DATA_DIR = dataDir;
delete process.env.OPSDECK_BACKUP_DIR;
delete process.env.OPSDECK_OFFSITE_DIR;
Object.assign(process.env, {
  OPSDECK_OFFSITE_S3_BUCKET: BUCKET,
  OPSDECK_OFFSITE_S3_ENDPOINT: proxy.endpoint,
  OPSDECK_OFFSITE_S3_ACCESS_KEY_ID: 'S3RVER',
  OPSDECK_OFFSITE_S3_SECRET_ACCESS_KEY: 'S3RVER',
});
resetEnvCache();

const { stopInventory } = await import('@/lib/docker/inventory');
const { startBackupJob } = await import('@/lib/backups/jobs');
const { listBackups } = await import('@/lib/backups/catalog');
const { offsiteSweep } = await import('@/lib/backups/scheduler');
const { getJob } = await import('@/lib/jobs/engine');

let serviceId = '';
const journals = () =>
  fs.existsSync(path.join(dataDir, 'offsite-uploads'))
    ? fs.readdirSync(path.join(dataDir, 'offsite-uploads'))
    : [];
const headOf = (Key: string) => s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key })).catch(() => null);

describe('off-site copies resume mid-file, and the sweep carries a copy no backup will', () => {
  beforeAll(async () => {
    await removeByPrefix(P);
    await removeVolumes(`${P}_data`);
    const port = await freePort();
    await compose(P, redisCompose(port, { 'opsdeck.backup.pre': `redis-cli -p ${port} SAVE` }), 'up', '-d');
    serviceId = await healthyServiceId(P, 'redis');
    // ~30 MB of incompressible values: an archive of four 8 MiB parts
    await docker(
      'exec',
      `${P}_redis_1`,
      'sh',
      '-c',
      `for i in $(seq 1 30); do head -c 1048576 /dev/urandom | redis-cli -p ${port} -x SET blob:$i >/dev/null; done`,
    );
  });

  afterAll(async () => {
    stopInventory();
    await removeByPrefix(P);
    await removeVolumes(`${P}_data`);
    await proxy.close();
    await server.close();
    fs.rmSync(s3dir, { recursive: true, force: true });
    for (const k of Object.keys(process.env)) if (k.startsWith('OPSDECK_OFFSITE_S3_')) delete process.env[k];
  });

  it('a copy cut after two parts fails the backup, keeps it locally, and resumes at part three', async () => {
    proxy.cutAfterParts = 2;
    const job = await finished((await startBackupJob(serviceId, { actor: 'test', requestId: 'resume' })).id);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/is complete locally, but the off-site copy failed: s3:\/\/opsdeck-resume\//);
    expect(proxy.storedParts).toEqual([1, 2]);
    const [backup] = listBackups({ serviceId });
    if (!backup) throw new Error('the backup is not listed locally');
    const manifest = JSON.parse(
      fs.readFileSync(path.join(dataDir, 'backups', backup.id, 'manifest.json'), 'utf8'),
    );
    const archive = manifest.volumes[0];
    expect(archive.archiveBytes).toBeGreaterThan(3 * 8 * 1024 * 1024);
    expect(await headOf(`${backup.id}/manifest.json`)).toBeNull();
    expect(journals()).toHaveLength(1);

    // the network is back; no later backup comes: the sweep starts the copy job
    proxy.cutAfterParts = null;
    proxy.storedParts = [];
    const [jobId, ...more] = await offsiteSweep();
    expect(more).toEqual([]);
    const copy = await finished(jobId ?? '');
    expect(copy.status, copy.error ?? '').toBe('succeeded');
    expect(copy.kind).toBe('offsite-copy');
    expect(copy.steps.map((s) => s.message)).toContainEqual(
      'volume-0.tar.gz: resumed after 2 of 4 parts already in the bucket (each proven by its md5)',
    );
    // parts 1 and 2 were not sent again; then the manifest went up as one small PUT
    expect(proxy.storedParts).toEqual([3, 4]);
    const head = await headOf(`${backup.id}/volume-0.tar.gz`);
    expect(head?.Metadata?.sha256).toBe(archive.sha256);
    const body = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: `${backup.id}/volume-0.tar.gz` }));
    const hash = createHash('sha256');
    for await (const chunk of body.Body as AsyncIterable<Buffer>) hash.update(chunk);
    expect(hash.digest('hex')).toBe(archive.sha256);
    expect(await headOf(`${backup.id}/manifest.json`)).not.toBeNull();
    expect(journals()).toEqual([]);
    expect(getJob(copy.id).actor).toBe('scheduler');

    // nothing lacking any more: the next sweep starts nothing
    expect(await offsiteSweep()).toEqual([]);
  }, 240_000);
});
