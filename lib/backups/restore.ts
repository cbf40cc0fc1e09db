import fs from 'node:fs';
import { engine } from '@/lib/docker/engine';
import type { DockerService } from '@/lib/docker/types';
import { conflict } from '@/lib/errors';
import type { JobContext } from '@/lib/jobs/engine';
import { getDockerService } from '@/lib/services';
import type { Backup } from './catalog';
import { createBackup } from './create';
import { backupPolicy } from './labels';
import type { Manifest } from './manifest';
import { type BackupMount, backupTargets } from './mounts';
import { ensureLocalCopy } from './offsite';
import { archivePath, readManifest } from './read-backup';
import { stopService } from './service-control';
import { type StagedRestore, stageIntoMount } from './staged-restore';
import { helperImageFor, RESTORED_FROM_LABEL, restoreIntoVolume } from './volumes';

const HEALTHY_TIMEOUT_MS = 120_000;

export type RestoreTarget =
  | { target: 'in-place'; undo?: boolean }
  | { target: 'new-volume'; volumeName: string };

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

/** Cheap checks before the service is stopped: the manifest is the catalogued one, every archive is there at its size. */
function preflight(backup: Backup): Manifest {
  const manifest = readManifest(backup);
  for (const v of manifest.volumes) {
    const file = archivePath(backup.id, v.archive);
    const size = fs.statSync(file, { throwIfNoEntry: false })?.size;
    if (size === undefined) throw new Error(`${v.archive} (${v.source}) is missing from disk`);
    if (size !== v.archiveBytes)
      throw new Error(`${v.archive} (${v.source}) was altered: ${size} bytes ≠ ${v.archiveBytes} recorded`);
  }
  return manifest;
}

export interface RestoreOptions {
  /** take an undo backup of the current data first (default); false is an admin's explicit choice */
  undo: boolean;
}

/**
 * Restore in place: stop, undo backup of the current data (unless `undo: false`), stream every
 * archive into a staging directory on its volume while hashing it, and only when all of them match
 * the manifest swap them in (staged-restore.ts): an altered archive never touches live data. Then
 * start and wait for healthy. The service is started again whatever happens after it was stopped.
 */
export async function restoreInPlace(
  backup: Backup,
  ctx: JobContext,
  opts: RestoreOptions = { undo: true },
): Promise<void> {
  await ensureLocalCopy(backup, ctx);
  const manifest = preflight(backup);
  const svc = await getDockerService(backup.serviceId);
  const docker = engine(svc.host);
  const current = await backupTargets(svc, { ...backupPolicy(svc.labels), paths: null });
  const pairs = manifest.volumes.map((v) => {
    const mount = current.mounts.find((m) => m.destination === v.destination);
    if (!mount) throw new Error(`the service no longer mounts anything at ${v.destination}`);
    return { volume: v, mount };
  });
  await assertNoOtherWriters(
    svc,
    pairs.map((p) => p.mount),
  );
  const image = await helperImageFor(docker, manifest);
  ctx.step(`Stopping ${svc.stack}/${svc.name}; replacing ${pairs.map((p) => p.mount.source).join(', ')}`);
  const stopped = await stopService(docker, svc, ctx);
  ctx.step(stopped.description);
  let undo: Backup | null = null;
  let failure: unknown = null;
  const staged: StagedRestore[] = [];
  /** until the first swap starts, the live data is exactly as it was */
  let swapping = false;
  try {
    if (opts.undo) {
      ctx.step('Taking the undo backup of the current data');
      undo = await createBackup(svc, ctx, {
        kind: 'undo',
        undoOf: backup.id,
        alreadyStopped: true,
        only: pairs.map((p) => p.mount.destination),
      });
    } else ctx.step('No undo backup (undo: false, an admin’s choice): the current data is replaced for good');
    for (const { volume, mount } of pairs) {
      ctx.step(
        `Restoring ${volume.archive} into staging on ${mount.source} (${mount.destination}), checking it`,
      );
      staged.push(await stageIntoMount(docker, image, backup.id, volume, mount, ctx));
    }
    ctx.step('Every archive matches its manifest; swapping the restored data in');
    for (;;) {
      const next = staged.shift();
      if (!next) break;
      swapping = true;
      await next.swap();
    }
  } catch (err) {
    failure = err;
    for (const s of staged) await s.discard().catch(() => undefined);
  }
  ctx.step('Starting the service');
  await stopped.start();
  if (failure) {
    const reason = failure instanceof Error ? failure.message : String(failure);
    if (undo && swapping) {
      ctx.result({ target: `undo:${undo.id}`, ok: false, message: reason });
      throw new Error(`${reason}. The data from before is in undo backup ${undo.id}`);
    }
    throw new Error(reason);
  }
  const health = await stopped.waitHealthy(HEALTHY_TIMEOUT_MS);
  if (!health.ok && undo) {
    ctx.result({ target: `undo:${undo.id}`, ok: false, message: health.message });
    throw new RestoreUnhealthyError(undo.id, health.message);
  }
  if (!health.ok) throw new Error(`the service did not become healthy after the restore (${health.message})`);
  ctx.result({ target: backup.id, ok: true, message: `restored; ${health.message}` });
}

/**
 * Restore into a new volume by name: the service is not touched. The archive streams straight in
 * while hashed; a volume whose archive does not match the manifest is removed again.
 */
export async function restoreToNewVolume(
  backup: Backup,
  volumeName: string,
  ctx: JobContext,
): Promise<string[]> {
  await ensureLocalCopy(backup, ctx);
  const manifest = preflight(backup);
  const docker = engine(backup.service.host);
  const image = await helperImageFor(docker, manifest);
  const names =
    manifest.volumes.length === 1 ? [volumeName] : manifest.volumes.map((_, i) => `${volumeName}-${i}`);
  await assertVolumesFree(backup.service.host, names);
  const created: string[] = [];
  try {
    for (const [i, v] of manifest.volumes.entries()) {
      const name = names[i] ?? volumeName;
      await docker.createVolume(name, { [RESTORED_FROM_LABEL]: backup.id });
      created.push(name);
      ctx.step(`Restoring ${v.archive} (${v.source}) into new volume ${name}, checking it`);
      await restoreIntoVolume(docker, image, backup.id, v, { type: 'volume', source: name }, ctx);
      ctx.result({ target: name, ok: true, message: `${v.files} files restored from ${v.source}` });
    }
  } catch (err) {
    for (const name of created) await docker.removeVolume(name, { force: true }).catch(() => undefined);
    throw err;
  }
  return names;
}

/**
 * 409 when a running container outside the service mounts one of its volumes: the job lock covers
 * the service, not the volume, and stopping the service would leave that container writing into the
 * data being swapped. Named, so the operator knows what to stop (or restores into a new volume).
 */
export async function assertNoOtherWriters(
  svc: Pick<DockerService, 'host' | 'stack' | 'name' | 'containers'>,
  mounts: Pick<BackupMount, 'type' | 'source'>[],
): Promise<void> {
  const docker = engine(svc.host);
  const own = (id: string) => svc.containers.some((c) => id.startsWith(c.id) || c.id.startsWith(id));
  for (const m of mounts) {
    if (m.type !== 'volume') continue;
    const users = await docker.listContainers({ filters: { volume: [m.source], status: ['running'] } });
    const others = users
      .filter((c) => !own(c.Id))
      .map((c) => (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''));
    if (others.length > 0)
      throw conflict(
        `volume ${m.source} is also mounted by running container${others.length > 1 ? 's' : ''} ${others.join(', ')} outside ${svc.stack}/${svc.name}: stop ${others.length > 1 ? 'them' : 'it'} first, or restore into a new volume`,
      );
  }
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
