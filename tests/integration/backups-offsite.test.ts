import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import type { Job } from '@/lib/jobs/types';
import { call, json, mintToken } from '../support/api';
import { compose, docker, removeByPrefix, tempDataDir, waitFor } from '../support/engine';
import { finished, freePort, healthyServiceId, redisCompose, removeVolumes } from './backups-fixtures';

/**
 * Off-site copies to a plain directory on the real engine: copied after each backup and checked,
 * removed with the backup by retention, and restored from when the local copy is gone — refused when
 * the off-site copy was altered, leaving the live data alone.
 */
const P = 'opsdeck-test-boffsite';
const dataDir = tempDataDir();
const offsite = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-offsite-'));
process.env.OPSDECK_DATA_DIR = dataDir;
process.env.OPSDECK_OFFSITE_DIR = offsite;
delete process.env.OPSDECK_BACKUP_DIR;
resetEnvCache();

const createRoute = await import('@/app/api/v1/services/[id]/backups/route');
const restoreRoute = await import('@/app/api/v1/backups/[id]/restore/route');
const { stopInventory } = await import('@/lib/docker/inventory');

let port = 0;
let serviceId = '';
let operate = '';
let admin = '';
const redis = async (...args: string[]) =>
  docker('exec', `${P}_redis_1`, 'redis-cli', '-p', String(port), ...args);

async function run(res: Response): Promise<Job> {
  const body = await json<{ job: Job }>(res);
  expect(res.status, JSON.stringify(body)).toBe(202);
  return finished(body.job.id);
}

async function backupNow(): Promise<string> {
  const job = await run(
    await call(createRoute.POST, '/', { token: operate, params: { id: serviceId }, method: 'POST' }),
  );
  expect(job.status, job.error ?? '').toBe('succeeded');
  expect(job.steps.map((s) => s.message).join('\n')).toContain('Off-site copy complete');
  return job.results.at(-1)?.target ?? '';
}

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('off-site copies in a directory', () => {
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
  });

  afterAll(async () => {
    stopInventory();
    await removeByPrefix(P);
    await docker('volume', 'rm', '-f', `${P}_data`).catch(() => '');
    fs.rmSync(offsite, { recursive: true, force: true });
    delete process.env.OPSDECK_OFFSITE_DIR;
  });

  it('copies each backup off-site byte-equal; retention removes the old copy there too', async () => {
    await redis('SET', 'k', 'first');
    const first = await backupNow();
    for (const f of ['manifest.json', 'volume-0.tar.gz'])
      expect(sha(path.join(offsite, first, f))).toBe(sha(path.join(dataDir, 'backups', first, f)));
    expect(fs.readdirSync(offsite).filter((n) => n.endsWith('.partial'))).toEqual([]);
    const second = await backupNow();
    // keep 1: the first backup is gone locally and off-site
    expect(fs.readdirSync(offsite).sort()).toEqual([second]);
    expect(fs.existsSync(path.join(dataDir, 'backups', first))).toBe(false);
  });

  it('restores from the off-site copy when the local one is gone', async () => {
    await redis('SET', 'k', 'in the backup');
    const id = await backupNow();
    await redis('SET', 'k', 'changed after');
    await redis('SAVE');
    fs.rmSync(path.join(dataDir, 'backups', id), { recursive: true });
    const job = await run(
      await call(restoreRoute.POST, '/', { token: admin, params: { id }, body: { undo: false } }),
    );
    expect(job.status, job.error ?? '').toBe('succeeded');
    expect(job.steps.map((s) => s.message).join('\n')).toContain('fetching the off-site copy');
    await waitFor('redis answers', async () => ((await redis('PING')) === 'PONG' ? true : undefined), 30_000);
    expect(await redis('GET', 'k')).toBe('in the backup');
    // fetched back whole: the local copy is there again
    expect(fs.existsSync(path.join(dataDir, 'backups', id, 'volume-0.tar.gz'))).toBe(true);
  });

  it('refuses an altered off-site copy when the local one is gone, touching nothing', async () => {
    const id = await backupNow();
    await redis('SET', 'k', 'live value');
    await redis('SAVE');
    fs.rmSync(path.join(dataDir, 'backups', id), { recursive: true });
    const archive = path.join(offsite, id, 'volume-0.tar.gz');
    const bytes = fs.readFileSync(archive);
    bytes[bytes.length - 8] = (bytes[bytes.length - 8] ?? 0) ^ 0xff;
    fs.writeFileSync(archive, bytes);
    const job = await run(await call(restoreRoute.POST, '/', { token: admin, params: { id }, body: {} }));
    expect(job.status).toBe('failed');
    expect(job.error).toContain('off-site copy');
    expect(job.error).toContain('does not match its manifest');
    expect(await redis('GET', 'k')).toBe('live value');
    expect(fs.existsSync(path.join(dataDir, 'backups', id))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'backups', `${id}.partial`))).toBe(false);
  });
});
