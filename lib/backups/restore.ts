import { engine } from '@/lib/docker/engine';
import { conflict } from '@/lib/errors';
import type { JobContext } from '@/lib/jobs/engine';
import { getDockerService } from '@/lib/services';
import type { Backup } from './catalog';
import { createBackup } from './create';
import { backupPolicy } from './labels';
import { backupTargets } from './mounts';
import { stopService } from './service-control';
import { checkIntegrity } from './verify';
import { helperImageFor, RESTORED_FROM_LABEL, restoreIntoVolume } from './volumes';

const HEALTHY_TIMEOUT_MS = 120_000;

export type RestoreTarget = { target: 'in-place' } | { target: 'new-volume'; volumeName: string };

/** Thrown (as the job's error) when the restored service stays unhealthy; names the undo backup. */
export class RestoreUnhealthyError extends Error {
  override name = 'RestoreUnhealthyError';
  constructor(
    readonly undoBackupId: string,
    reason: string,
  ) {
    super(
      `the service did not become healthy after the restore (${reason}). The data from before is in undo backup ${undoBackupId}: restore it with POST /api/v1/backups/${undoBackupId}/restore`,
    );
  }
}

/**
 * Restore in place: integrity check first (an altered archive is refused before anything is
 * touched), stop, undo backup of the current data, replace each volume's contents, start, wait for
 * healthy. The service is started again whatever happens after it was stopped.
 */
export async function restoreInPlace(backup: Backup, ctx: JobContext): Promise<void> {
  const manifest = await checkIntegrity(backup, ctx);
  const svc = await getDockerService(backup.serviceId);
  const docker = engine(svc.host);
  const current = await backupTargets(svc, { ...backupPolicy(svc.labels), paths: null });
  const pairs = manifest.volumes.map((v) => {
    const mount = current.mounts.find((m) => m.destination === v.destination);
    if (!mount) throw new Error(`the service no longer mounts anything at ${v.destination}`);
    return { volume: v, mount };
  });
  const image = await helperImageFor(docker, manifest);
  ctx.step(`Stopping ${svc.stack}/${svc.name}; replacing ${pairs.map((p) => p.mount.source).join(', ')}`);
  const stopped = await stopService(docker, svc, ctx);
  ctx.step(stopped.description);
  let undo: Backup | null = null;
  let failure: unknown = null;
  try {
    ctx.step('Taking the undo backup of the current data');
    undo = await createBackup(svc, ctx, {
      kind: 'undo',
      undoOf: backup.id,
      alreadyStopped: true,
      only: pairs.map((p) => p.mount.destination),
    });
    for (const { volume, mount } of pairs) {
      ctx.step(`Restoring ${volume.archive} into ${mount.source} (${mount.destination})`);
      await restoreIntoVolume(docker, image, backup.id, volume, mount, ctx);
    }
  } catch (err) {
    failure = err;
  }
  ctx.step('Starting the service');
  await stopped.start();
  if (failure) {
    const reason = failure instanceof Error ? failure.message : String(failure);
    if (undo) ctx.result({ target: `undo:${undo.id}`, ok: false, message: reason });
    throw new Error(undo ? `${reason}. The data from before is in undo backup ${undo.id}` : reason);
  }
  const health = await stopped.waitHealthy(HEALTHY_TIMEOUT_MS);
  if (!health.ok && undo) {
    ctx.result({ target: `undo:${undo.id}`, ok: false, message: health.message });
    throw new RestoreUnhealthyError(undo.id, health.message);
  }
  ctx.result({ target: backup.id, ok: true, message: `restored; ${health.message}` });
}

/** Restore into a new volume by name: the service is not touched. */
export async function restoreToNewVolume(
  backup: Backup,
  volumeName: string,
  ctx: JobContext,
): Promise<string[]> {
  const manifest = await checkIntegrity(backup, ctx);
  const docker = engine(backup.service.host);
  const image = await helperImageFor(docker, manifest);
  const names =
    manifest.volumes.length === 1 ? [volumeName] : manifest.volumes.map((_, i) => `${volumeName}-${i}`);
  await assertVolumesFree(backup.service.host, names);
  for (const [i, v] of manifest.volumes.entries()) {
    const name = names[i] ?? volumeName;
    await docker.createVolume(name, { [RESTORED_FROM_LABEL]: backup.id });
    ctx.step(`Restoring ${v.archive} (${v.source}) into new volume ${name}`);
    await restoreIntoVolume(docker, image, backup.id, v, { type: 'volume', source: name }, ctx);
    ctx.result({ target: name, ok: true, message: `${v.files} files restored from ${v.source}` });
  }
  return names;
}

/** 409 when a volume of that name exists: restoring never writes into a volume it did not create. */
export async function assertVolumesFree(host: string, names: string[]): Promise<void> {
  const docker = engine(host);
  for (const name of names) {
    const exists = await docker
      .inspectVolume(name)
      .then(() => true)
      .catch(() => false);
    if (exists) throw conflict(`a volume named "${name}" already exists`);
  }
}
