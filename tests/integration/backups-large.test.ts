import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backup } from '@/lib/backups/catalog';
import { resetEnvCache } from '@/lib/config/env';
import type { Job } from '@/lib/jobs/types';
import { call, json, mintToken } from '../support/api';
import { BUSYBOX, compose, docker, removeByPrefix, tempDataDir, waitFor } from '../support/engine';
import { finished, removeVolumes } from './backups-fixtures';

const P = 'opsdeck-test-backup-large';
const dataDir = tempDataDir();
process.env.OPSDECK_DATA_DIR = dataDir;
delete process.env.OPSDECK_BACKUP_DIR;
resetEnvCache();

const createRoute = await import('@/app/api/v1/services/[id]/backups/route');
const listRoute = await import('@/app/api/v1/backups/route');
const restoreRoute = await import('@/app/api/v1/backups/[id]/restore/route');
const { listServices } = await import('@/lib/services');
const { stopInventory } = await import('@/lib/docker/inventory');
const { abortRunningJobs, getJob } = await import('@/lib/jobs/engine');
const { removePartialBackups } = await import('@/lib/backups/paths');

const bindDir = fs.mkdtempSync(path.join(os.tmpdir(), `${P}-bind-`));
const BULK = `${P}_bulk`;
const RESTORED = `${P}-restored`;
let operate = '';
let admin = '';
const ids: Record<string, string> = {};

const composeFile = `
version: "2.4"
services:
  bulk:
    image: ${BUSYBOX}
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
    network_mode: none
    volumes: ["bulk:/bulk"]
    labels:
      opsdeck.backup.stop: "true"
  failing:
    image: ${BUSYBOX}
    command: ["sleep", "3600"]
    network_mode: none
    volumes: ["small:/small"]
    labels:
      opsdeck.backup.pre: "echo flushing; echo disk is read-only >&2; exit 3"
  bound:
    image: ${BUSYBOX}
    command: ["sleep", "3600"]
    network_mode: none
    volumes: ["${bindDir}:/conf"]
    labels:
      opsdeck.backup.binds: "true"
volumes:
  bulk: {}
  small: {}
`;

/** sha256 over every file's name and contents, computed inside the engine. */
const treeSum = (volume: string) =>
  docker(
    'run',
    '--rm',
    '--network',
    'none',
    '-v',
    `${volume}:/v`,
    BUSYBOX,
    'sh',
    '-c',
    'cd /v && find . -type f | sort | xargs sha256sum | sha256sum',
  );

async function backupJob(service: string): Promise<Job> {
  const res = await call(createRoute.POST, '/', {
    token: operate,
    params: { id: ids[service] ?? '' },
    method: 'POST',
  });
  expect(res.status).toBe(202);
  return (await json<{ job: Job }>(res)).job;
}

const listed = async (service: string) =>
  (
    await json<{ backups: Backup[] }>(
      await call(listRoute.GET, '/', { token: operate, query: { serviceId: ids[service] ?? '' } }),
    )
  ).backups;
const partials = () =>
  fs.existsSync(path.join(dataDir, 'backups'))
    ? fs.readdirSync(path.join(dataDir, 'backups')).filter((n) => n.endsWith('.partial'))
    : [];
const bulkRunning = async () =>
  (await docker('inspect', '-f', '{{.State.Running}}', `${P}_bulk_1`)) === 'true';
const helpers = () => docker('ps', '-aq', '--filter', 'label=opsdeck.helper', '--filter', `volume=${BULK}`);

describe('backups of big volumes, and the ways a backup fails', () => {
  beforeAll(async () => {
    await removeByPrefix(P);
    await removeVolumes(BULK, `${P}_small`, RESTORED);
    fs.writeFileSync(path.join(bindDir, 'app.conf'), 'x=1\n');
    await compose(P, composeFile, 'up', '-d');
    operate = mintToken(['operate']);
    admin = mintToken(['admin']);
    const t0 = Date.now();
    await docker(
      'run',
      '--rm',
      '--network',
      'none',
      '-v',
      `${BULK}:/v`,
      BUSYBOX,
      'sh',
      '-c',
      'mkdir -p /v/small && cd /v/small && i=0; while [ $i -lt 10000 ]; do echo "file $i" > f$i; i=$((i+1)); done; dd if=/dev/urandom of=/v/big.bin bs=1048576 count=200 2>/dev/null',
    );
    console.log(`fixture: 10k small files + 200 MB random written in ${Date.now() - t0} ms`);
    await waitFor(
      'services listed',
      async () => {
        const { services } = await listServices();
        for (const name of ['bulk', 'failing', 'bound']) {
          const s = services.find((x) => x.stack === P && x.name === name);
          if (s) ids[name] = s.id;
        }
        return Object.keys(ids).length === 3 ? true : undefined;
      },
      60_000,
    );
  });

  afterAll(async () => {
    stopInventory();
    await removeByPrefix(P);
    for (const v of [BULK, `${P}_small`, RESTORED]) await docker('volume', 'rm', '-f', v).catch(() => '');
    fs.rmSync(bindDir, { recursive: true, force: true });
  });

  it('round-trips 10k small files and a 200 MB file with equal checksums', async () => {
    const before = await treeSum(BULK);
    const t0 = Date.now();
    const job = await finished((await backupJob('bulk')).id, 600_000);
    const backupMs = Date.now() - t0;
    expect(job.status, job.error ?? '').toBe('succeeded');
    const [backup] = await listed('bulk');
    if (!backup) throw new Error('backup not listed');
    expect(backup.files).toBe(10_001);
    expect(backup.contentBytes).toBeGreaterThan(200 * 1024 * 1024);
    expect(job.progressDetail).toMatchObject({ unit: 'bytes' });
    const t1 = Date.now();
    const res = await call(restoreRoute.POST, '/', {
      token: admin,
      params: { id: backup.id },
      body: { target: 'new-volume', volumeName: RESTORED },
    });
    expect(res.status).toBe(202);
    const restore = await finished((await json<{ job: Job }>(res)).job.id, 600_000);
    const restoreMs = Date.now() - t1;
    expect(restore.status, restore.error ?? '').toBe('succeeded');
    expect(await treeSum(RESTORED)).toBe(before);
    const mb = backup.contentBytes / 1024 / 1024;
    console.log(
      `bulk: ${mb.toFixed(0)} MB, ${backup.files} files; backup ${backupMs} ms (${(mb / (backupMs / 1000)).toFixed(1)} MB/s), archive ${(backup.bytes / 1024 / 1024).toFixed(0)} MB; restore (with checksum pass) ${restoreMs} ms (${(mb / (restoreMs / 1000)).toFixed(1)} MB/s)`,
    );
    const again = await call(restoreRoute.POST, '/', {
      token: admin,
      params: { id: backup.id },
      body: { target: 'new-volume', volumeName: RESTORED },
    });
    expect(again.status).toBe(409);
  }, 600_000);

  it('a backup killed mid-way leaves nothing listed, no partial directory and no helper', async () => {
    const count = (await listed('bulk')).length;
    const job = await backupJob('bulk');
    await waitFor(
      'bytes flowing',
      () => ((getJob(job.id).progressDetail?.done ?? 0) > 20 * 1024 * 1024 ? true : undefined),
      120_000,
      50,
    );
    abortRunningJobs();
    const done = await finished(job.id);
    expect(done.status).toBe('failed');
    expect(await bulkRunning()).toBe(true);
    expect(await listed('bulk')).toHaveLength(count);
    expect(partials()).toEqual([]);
    await waitFor('helpers removed', async () => ((await helpers()) === '' ? true : undefined), 10_000);
    // a process killed outright leaves its partial directory: boot removes it, the catalog never had it
    fs.mkdirSync(path.join(dataDir, 'backups', '20261123-000000-abcdef.partial', 'x'), { recursive: true });
    expect(removePartialBackups()).toEqual(['20261123-000000-abcdef.partial']);
    expect(await listed('bulk')).toHaveLength(count);
  }, 180_000);

  it('a full disk fails the job with that reason and lists nothing', async () => {
    const small = fs.mkdtempSync(path.join(os.tmpdir(), `${P}-full-`));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', small]);
    } catch (err) {
      throw new Error(
        `this test mounts a 4 MB tmpfs to fill a disk: run the tests as root (mount -t tmpfs). ${String(err)}`,
      );
    }
    process.env.OPSDECK_BACKUP_DIR = small;
    resetEnvCache();
    try {
      const job = await finished((await backupJob('bulk')).id, 120_000);
      expect(job.status).toBe('failed');
      expect(job.error).toContain('no space left on the backup disk');
      expect(await bulkRunning()).toBe(true);
      expect(fs.readdirSync(small)).toEqual([]);
    } finally {
      delete process.env.OPSDECK_BACKUP_DIR;
      resetEnvCache();
      execFileSync('umount', [small]);
      fs.rmSync(small, { recursive: true, force: true });
    }
    expect(await listed('bulk')).toHaveLength(1);
  }, 180_000);

  it('a failing pre-command fails the job with its exit code and output', async () => {
    const job = await finished((await backupJob('failing')).id);
    expect(job.status).toBe('failed');
    expect(job.error).toContain('pre-backup command exited with code 3');
    expect(job.error).toContain('disk is read-only');
    expect(await listed('failing')).toEqual([]);
    expect(partials()).toEqual([]);
  });

  it('a vanished bind mount fails the job and lists nothing', async () => {
    fs.rmSync(bindDir, { recursive: true, force: true });
    const job = await finished((await backupJob('bound')).id);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/bind|no such file|does not exist/i);
    expect(await listed('bound')).toEqual([]);
    expect(partials()).toEqual([]);
  });
});
