import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backup } from '@/lib/backups/catalog';
import { resetEnvCache } from '@/lib/config/env';
import { call, json, mintToken } from '../support/api';
import { compose, docker, removeByPrefix, tempDataDir, waitFor } from '../support/engine';
import { finished, freePort, healthyServiceId, redisCompose, removeVolumes } from './backups-fixtures';

/**
 * Scheduled backups on the real engine: `* * * * *` honoured within a minute by the running
 * scheduler, missed slots after "downtime" run once and say so, a busy service is not run twice,
 * and retention after a backup keeps the newest verified one.
 */
const P = 'opsdeck-test-bsched';
process.env.OPSDECK_DATA_DIR = tempDataDir();
delete process.env.OPSDECK_BACKUP_DIR;
resetEnvCache();

const serviceRoute = await import('@/app/api/v1/services/[id]/route');
const listRoute = await import('@/app/api/v1/backups/route');
const metricsRoute = await import('@/app/api/metrics/route');
const scheduleRoute = await import('@/app/api/v1/services/[id]/backup-schedule/route');
const { listAudit } = await import('@/lib/audit/query');
const { stopInventory } = await import('@/lib/docker/inventory');
const { startBackupScheduler, stopBackupScheduler, schedulerTick, SCHEDULER_ACTOR } = await import(
  '@/lib/backups/scheduler'
);
const { saveScheduleState, scheduleState } = await import('@/lib/backups/schedule-store');
const { startBackupJob, startVerifyJob } = await import('@/lib/backups/jobs');
const { getJob } = await import('@/lib/jobs/engine');

let serviceId = '';
let reader = '';
/** the clock the missed-runs test ticked at */
let tickAt = 0;

async function backups(): Promise<Backup[]> {
  return (
    await json<{ backups: Backup[] }>(await call(listRoute.GET, '/', { token: reader, query: { serviceId } }))
  ).backups;
}

describe('scheduled backups of a real redis', () => {
  beforeAll(async () => {
    await removeByPrefix(P);
    await removeVolumes(`${P}_data`);
    const port = await freePort();
    await compose(
      P,
      redisCompose(port, {
        'opsdeck.backup.pre': `redis-cli -p ${port} SAVE`,
        'opsdeck.backup.schedule': '* * * * *',
        'opsdeck.backup.verify-schedule': 'off',
        'opsdeck.backup.retention': 'last 1',
      }),
      'up',
      '-d',
    );
    reader = mintToken(['read']);
    serviceId = await healthyServiceId(P, 'redis');
  });

  afterAll(async () => {
    stopBackupScheduler();
    stopInventory();
    await removeByPrefix(P);
    await docker('volume', 'rm', '-f', `${P}_data`).catch(() => '');
  });

  it('runs `* * * * *` within a minute, as the scheduler, and the service shows it', async () => {
    startBackupScheduler();
    const made = await waitFor(
      'a scheduled backup',
      async () => (await backups()).find((b) => b.jobId && getJob(b.jobId).actor === SCHEDULER_ACTOR),
      // up to 60 s to the next minute, then the backup itself on a loaded machine
      130_000,
      500,
    );
    stopBackupScheduler();
    const job = await finished(made.jobId ?? '');
    expect(job.steps.map((s) => s.message)).toContainEqual(
      expect.stringMatching(/^scheduled backup for \d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$/),
    );
    const service = await json<{ backup: Record<string, unknown> }>(
      await call(serviceRoute.GET, '/', { token: reader, params: { id: serviceId } }),
    );
    expect(service.backup).toMatchObject({
      lastAt: made.createdAt,
      lastVerifiedAt: null,
      lastVerifyOk: null,
      schedule: { cron: '* * * * *', timezone: 'UTC', source: 'label', verifyCron: null },
    });
    expect(Date.parse(String((service.backup.schedule as { nextAt: string }).nextAt))).toBeGreaterThan(
      Date.parse(made.createdAt),
    );
  }, 180_000);

  it('after downtime the missed slots run once, and the job says how many were missed', async () => {
    // Opsdeck "was down" for five minutes: the newest slot it handled is five slots back. The tick's
    // clock is set ahead, so none of these slots is one the running scheduler already handled.
    const now = Date.now() + 10 * 60_000;
    tickAt = now;
    const fiveBack = new Date(Math.floor(now / 60_000) * 60_000 - 5 * 60_000).toISOString();
    saveScheduleState(serviceId, 'backup', { lastSlot: fiveBack, lastJobId: null, note: null });
    const outcomes = (await schedulerTick(now)).filter(
      (o) => o.serviceId === serviceId && o.what === 'backup',
    );
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]?.missed).toBe(4);
    const job = await finished(outcomes[0]?.jobId ?? '');
    expect(job.status, job.error ?? '').toBe('succeeded');
    expect(job.steps.find((s) => s.message.includes('missed'))).toMatchObject({ level: 'warn' });
    expect(job.steps.map((s) => s.message).join('\n')).toContain('4 scheduled backup run(s) were missed');
    // the slot is recorded: the next tick in the same minute starts nothing
    expect(scheduleState(serviceId, 'backup')?.lastJobId).toBe(job.id);
    expect((await schedulerTick(now)).filter((o) => o.serviceId === serviceId)).toEqual([]);
  });

  it('never starts a second run while a job holds the service; the slot stays pending', async () => {
    const before = scheduleState(serviceId, 'backup')?.lastSlot;
    const manual = await startBackupJob(serviceId, { actor: 'test', requestId: 'r1' });
    // one minute later: the next slot is due while the manual backup holds the service
    const outcomes = (await schedulerTick(tickAt + 60_000)).filter((o) => o.serviceId === serviceId);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]?.jobId).toBeNull();
    expect(outcomes[0]?.note).toContain('busy');
    expect(scheduleState(serviceId, 'backup')?.lastSlot).toBe(before);
    await finished(manual.id);
  });

  it('retention after a backup (last 1) keeps the newest and the newest verified, removes the rest', async () => {
    const first = (await backups())[0];
    if (!first) throw new Error('no backup yet');
    const verify = await finished((await startVerifyJob(first.id, { actor: 'test', requestId: 'v' })).id);
    expect(verify.status, verify.error ?? '').toBe('succeeded');
    const scraped = await (await call(metricsRoute.GET, '/', { token: reader })).text();
    const label = `{service="${serviceId}"}`;
    expect(scraped).toContain(`opsdeck_backup_last_verify_ok${label} 1`);
    expect(scraped).toMatch(/opsdeck_backup_last_verify_duration_seconds\{service="[^"]+"\} \d/);
    const service = await json<{ backup: { lastVerifyOk: boolean; lastVerifiedAt: string } }>(
      await call(serviceRoute.GET, '/', { token: reader, params: { id: serviceId } }),
    );
    expect(service.backup.lastVerifyOk).toBe(true);
    const b2 = await finished((await startBackupJob(serviceId, { actor: 'test', requestId: 'b2' })).id);
    const b3 = await finished((await startBackupJob(serviceId, { actor: 'test', requestId: 'b3' })).id);
    expect(b3.status, b3.error ?? '').toBe('succeeded');
    const left = (await backups()).filter((b) => b.kind !== 'undo').map((b) => b.id);
    const newest = b3.results.at(-1)?.target;
    expect(left).toEqual([newest, first.id]);
    expect(left).not.toContain(b2.results.at(-1)?.target);
    expect(b3.steps.map((s) => s.message).join('\n')).toMatch(/Retention removed \d+ older backup/);
  });

  it('a schedule set through the API wins over the labels, is validated and audited; clearing it restores the labels’', async () => {
    const operate = mintToken(['operate']);
    const refused = await call(scheduleRoute.PUT, '/', {
      token: reader,
      params: { id: serviceId },
      method: 'PUT',
      body: { cron: '0 3 * * *' },
    });
    expect(refused.status).toBe(403);
    const bad = await call(scheduleRoute.PUT, '/', {
      token: operate,
      params: { id: serviceId },
      method: 'PUT',
      body: { cron: 'every night', timezone: 'UTC' },
    });
    expect(bad.status).toBe(400);
    expect((await json<{ error: { message: string } }>(bad)).error.message).toContain('cron');
    const set = await call(scheduleRoute.PUT, '/', {
      token: operate,
      params: { id: serviceId },
      method: 'PUT',
      body: { cron: '30 3 * * *', timezone: 'Europe/Berlin', jitter: '5m', verifyCron: null },
    });
    expect(set.status).toBe(200);
    const answer = await json<{
      schedule: Record<string, unknown>;
      lastRuns: { what: string; note: string }[];
    }>(set);
    expect(answer.schedule).toMatchObject({
      cron: '30 3 * * *',
      timezone: 'Europe/Berlin',
      jitterMs: 300_000,
      verifyCron: null,
      source: 'console',
    });
    // the missed-runs test's note is what the scheduler last did
    expect(answer.lastRuns.find((r) => r.what === 'backup')).toBeDefined();
    const service = await json<{ backup: { schedule: { cron: string; source: string } } }>(
      await call(serviceRoute.GET, '/', { token: reader, params: { id: serviceId } }),
    );
    expect(service.backup.schedule).toMatchObject({ cron: '30 3 * * *', source: 'console' });
    const audited = listAudit({ action: 'backup.schedule.set' }).entries;
    expect(audited[0]).toMatchObject({ result: 'ok', serviceId });
    const cleared = await json<{ schedule: { cron: string; source: string } }>(
      await call(scheduleRoute.DELETE, '/', { token: operate, params: { id: serviceId }, method: 'DELETE' }),
    );
    expect(cleared.schedule).toMatchObject({ cron: '* * * * *', source: 'label' });
  });
});
