import { OPSDECK } from '@/lib/docker/labels';
import { badRequest, conflict } from '@/lib/errors';
import { findJobByIdempotencyKey, type JobContext, listJobs, startJob } from '@/lib/jobs/engine';
import type { Job } from '@/lib/jobs/types';
import { getDockerService } from '@/lib/services';
import { assertNotOpsdeck } from '@/lib/services/self';
import { type Backup, getBackup, listBackups } from './catalog';
import { createBackup } from './create';
import { assertBackupNotOpsdeck } from './guard';
import { backupPolicy } from './labels';
import { catchUpOffsite, copyOffsite } from './offsite';
import {
  assertNoOtherWriters,
  assertVolumesFree,
  type RestoreTarget,
  restoreInPlace,
  restoreToNewVolume,
} from './restore';
import { applyRetention, removeBackup } from './retention';
import { ensureBackupsSource } from './source';
import { verifyBackup } from './verify';

/** Who asks, for the job record and the audit log. */
export interface JobRequest {
  actor: string;
  requestId: string;
  idempotencyKey?: string | null;
}

/** How a scheduled run introduces itself in the job's steps (a missed-runs notice included). */
export interface ScheduledBy {
  note: string;
}

export async function startBackupJob(
  serviceId: string,
  req: JobRequest,
  scheduled?: ScheduledBy,
): Promise<Job> {
  ensureBackupsSource();
  const existing = findJobByIdempotencyKey(req.actor, req.idempotencyKey);
  if (existing) return existing;
  const svc = await getDockerService(serviceId);
  assertNotOpsdeck(svc);
  const policy = backupPolicy(svc.labels);
  const paths = policy.problems.find((p) => p.startsWith(OPSDECK.backupPaths));
  if (paths) throw badRequest(paths);
  const params = scheduled ? { scheduled: scheduled.note } : {};
  return startJob({ kind: 'backup', serviceId, params, ...req }, async (ctx: JobContext) => {
    if (scheduled) ctx.step(scheduled.note, scheduled.note.includes('missed') ? 'warn' : undefined);
    // the inventory may have changed between the request and the start
    const fresh = await getDockerService(serviceId);
    const made = await createBackup(fresh, ctx, { kind: 'manual' });
    // retention runs only after a backup succeeded: a failing schedule never thins out the good ones
    const removed = await applyRetention(serviceId, backupPolicy(fresh.labels));
    if (removed.length > 0)
      ctx.step(`Retention removed ${removed.length} older backup(s): ${removed.join(', ')}`);
    // a failed off-site copy fails the job (the local backup stays listed): never a silent gap
    await copyOffsite(made, ctx, listBackups({ serviceId, limit: 100 })).catch((err: unknown) => {
      throw new Error(
        `backup ${made.id} is complete locally, but the off-site copy failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    });
  });
}

/**
 * Copies the service's backups that an off-site target lacks (the sweep's job). It reads backups and
 * never touches the service, so it may run beside the service's own jobs; one per service at a time.
 */
export async function startOffsiteCopyJob(serviceId: string, req: JobRequest): Promise<Job> {
  ensureBackupsSource();
  const existing = findJobByIdempotencyKey(req.actor, req.idempotencyKey);
  if (existing) return existing;
  return startJob(
    { kind: 'offsite-copy', serviceId, params: {}, lockKey: `offsite:${serviceId}`, ...req },
    async (ctx) => {
      await catchUpOffsite(listBackups({ serviceId, limit: 100 }), ctx);
    },
  );
}

export async function startVerifyJob(
  backupId: string,
  req: JobRequest,
  scheduled?: ScheduledBy,
): Promise<Job> {
  ensureBackupsSource();
  const existing = findJobByIdempotencyKey(req.actor, req.idempotencyKey);
  if (existing) return existing;
  const backup = getBackup(backupId);
  await assertBackupNotOpsdeck(backup);
  return startJob(
    // verify reads the backup and never touches the service: it may run beside the service's jobs
    {
      kind: 'verify',
      serviceId: backup.serviceId,
      params: scheduled ? { backupId, scheduled: scheduled.note } : { backupId },
      lockKey: `backup:${backupId}`,
      ...req,
    },
    async (ctx) => {
      if (scheduled) ctx.step(scheduled.note, scheduled.note.includes('missed') ? 'warn' : undefined);
      await verifyBackup(backup, ctx);
    },
  );
}

export async function startRestoreJob(
  backupId: string,
  target: RestoreTarget,
  req: JobRequest,
): Promise<Job> {
  ensureBackupsSource();
  const existing = findJobByIdempotencyKey(req.actor, req.idempotencyKey);
  if (existing) return existing;
  const backup = getBackup(backupId);
  await assertBackupNotOpsdeck(backup);
  if (target.target === 'in-place') {
    const svc = await getDockerService(backup.serviceId).catch(() => {
      throw conflict('the backup’s service is not on the engine any more; restore into a new volume instead');
    });
    // at once, as a 409 to the asker; the job checks again with the service's mounts of that moment
    await assertNoOtherWriters(svc, backup.volumes);
  } else {
    const names =
      backup.volumes.length === 1
        ? [target.volumeName]
        : backup.volumes.map((_, i) => `${target.volumeName}-${i}`);
    await assertVolumesFree(backup.service.host, names);
  }
  return startJob(
    { kind: 'restore', serviceId: backup.serviceId, params: { backupId, ...target }, ...req },
    async (ctx) => {
      if (target.target === 'in-place') await restoreInPlace(backup, ctx, { undo: target.undo !== false });
      else await restoreToNewVolume(backup, target.volumeName, ctx);
    },
  );
}

/** Jobs queued or running that use this backup. */
function jobsUsing(backup: Backup): Job[] {
  const active = [
    ...listJobs({ serviceId: backup.serviceId, status: 'running' }),
    ...listJobs({ serviceId: backup.serviceId, status: 'queued' }),
  ];
  return active.filter((j) => (j.params as { backupId?: string } | null)?.backupId === backup.id);
}

export async function deleteBackup(backupId: string): Promise<Backup> {
  const backup = getBackup(backupId);
  const using = jobsUsing(backup);
  if (using[0]) throw conflict(`a ${using[0].kind} job is using this backup`, { jobId: using[0].id });
  await removeBackup(backup.id);
  return backup;
}
