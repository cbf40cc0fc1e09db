import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backup } from '@/lib/backups/catalog';
import { resetEnvCache } from '@/lib/config/env';
import type { Job } from '@/lib/jobs/types';
import { call, json, mintToken } from '../support/api';
import { BUSYBOX, compose, docker, removeByPrefix, tempDataDir, waitFor } from '../support/engine';
import { finished, removeVolumes } from './backups-fixtures';

const P = 'opsdeck-test-backup-undo';
process.env.OPSDECK_DATA_DIR = tempDataDir();
delete process.env.OPSDECK_BACKUP_DIR;
resetEnvCache();

const createRoute = await import('@/app/api/v1/services/[id]/backups/route');
const oneRoute = await import('@/app/api/v1/backups/[id]/route');
const restoreRoute = await import('@/app/api/v1/backups/[id]/restore/route');
const { listServices } = await import('@/lib/services');
const { stopInventory } = await import('@/lib/docker/inventory');

// healthy only while /data/ok exists: a backup taken without it restores an unhealthy service
const composeFile = `
version: "2.4"
services:
  app:
    image: ${BUSYBOX}
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
    network_mode: none
    volumes: ["data:/data"]
    healthcheck:
      test: ["CMD", "test", "-f", "/data/ok"]
      interval: 1s
      retries: 1
    labels:
      opsdeck.backup.stop: "true"
volumes:
  data: {}
`;

let serviceId = '';
let operate = '';
let admin = '';
const container = `${P}_app_1`;
const state = (format: string) => docker('inspect', '-f', format, container);

async function job(res: Response): Promise<Job> {
  const body = await json<{ job: Job }>(res);
  expect(res.status, JSON.stringify(body)).toBe(202);
  return finished(body.job.id);
}

describe('restore that leaves the service unhealthy, and its undo', () => {
  beforeAll(async () => {
    await removeByPrefix(P);
    await removeVolumes(`${P}_data`);
    await compose(P, composeFile, 'up', '-d');
    operate = mintToken(['operate']);
    admin = mintToken(['admin']);
    serviceId = await waitFor('app listed', async () => {
      const s = (await listServices()).services.find((x) => x.stack === P && x.name === 'app');
      return s?.id;
    });
  });

  afterAll(async () => {
    stopInventory();
    await removeByPrefix(P);
    await docker('volume', 'rm', '-f', `${P}_data`).catch(() => '');
  });

  it('stops the service for the copy (opsdeck.backup.stop) and starts it again', async () => {
    const started = await state('{{.State.StartedAt}}');
    const b = await job(
      await call(createRoute.POST, '/', { token: operate, params: { id: serviceId }, method: 'POST' }),
    );
    expect(b.status, b.error ?? '').toBe('succeeded');
    expect(b.steps.map((s) => s.message).join('\n')).toContain('container(s) stopped');
    expect(await state('{{.State.Running}}')).toBe('true');
    expect(await state('{{.State.StartedAt}}')).not.toBe(started);
  });

  it('fails naming the undo backup; restoring that backup brings the service back', {
    timeout: 180_000,
  }, async () => {
    const { backups } = await json<{ backups: Backup[] }>(
      await call((await import('@/app/api/v1/backups/route')).GET, '/', {
        token: operate,
        query: { serviceId },
      }),
    );
    const withoutOk = backups[0];
    if (!withoutOk) throw new Error('no backup');
    await docker('exec', container, 'sh', '-c', 'echo yes > /data/ok; echo precious > /data/state');
    await waitFor(
      'healthy',
      async () => ((await state('{{.State.Health.Status}}')) === 'healthy' ? true : undefined),
      30_000,
    );

    const restore = await job(
      await call(restoreRoute.POST, '/', { token: admin, params: { id: withoutOk.id }, body: {} }),
    );
    expect(restore.status, restore.steps.map((x) => `${x.at} ${x.message}`).join('\n')).toBe('failed');
    expect(restore.error).toContain('did not become healthy');
    const undo = restore.results.find((r) => r.target.startsWith('undo:'));
    const undoId = undo?.target.slice(5) ?? '';
    expect(restore.error).toContain(undoId);
    const undoBackup = (
      await json<{ backup: Backup }>(
        await call(oneRoute.GET, '/', { token: operate, params: { id: undoId } }),
      )
    ).backup;
    expect(undoBackup).toMatchObject({ kind: 'undo', undoOf: withoutOk.id });

    const back = await job(
      await call(restoreRoute.POST, '/', {
        token: admin,
        params: { id: undoId },
        body: { target: 'in-place' },
      }),
    );
    expect(back.status, back.error ?? '').toBe('succeeded');
    expect(await state('{{.State.Health.Status}}')).toBe('healthy');
    expect(await docker('exec', container, 'cat', '/data/state')).toBe('precious');
  });
});
