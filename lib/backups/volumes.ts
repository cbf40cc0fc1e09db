import { randomBytes } from 'node:crypto';
import type { Engine } from '@/lib/docker/engine';
import { OPSDECK_OWN } from '@/lib/docker/labels';
import type { JobContext } from '@/lib/jobs/engine';
import { HELPER_MOUNT, streamArchiveInto } from './archive';
import { archiveMismatch, isArchiveDamage } from './archive-check';
import { HELPER_OWNER_LABEL, helperOwner, withHelper } from './docker-ops';
import type { Manifest, ManifestVolume } from './manifest';
import { byteProgress, deltas } from './progress';
import { archivePath } from './read-backup';

/** The image helpers fall back to when none of the backup's own images is on the engine. */
export const FALLBACK_HELPER_IMAGE = 'opsdeck-demo/busybox:1';
export const RESTORED_FROM_LABEL = OPSDECK_OWN.restoredFrom;

/** The backup's own image (same tools and uids as the service), else the fallback. */
export async function helperImageFor(docker: Engine, manifest: Manifest): Promise<string> {
  for (const candidate of [...manifest.images.map((i) => i.imageId), FALLBACK_HELPER_IMAGE]) {
    const found = await docker
      .inspectImage(candidate)
      .then(() => true)
      .catch(() => false);
    if (found) return candidate;
  }
  throw new Error(`none of the backup's images is on this engine, nor ${FALLBACK_HELPER_IMAGE}`);
}

export async function throwawayVolume(docker: Engine, backupId: string) {
  const name = `opsdeck-verify-${backupId}-${randomBytes(3).toString('hex')}`;
  await docker.createVolume(name, {
    [RESTORED_FROM_LABEL]: backupId,
    [OPSDECK_OWN.throwaway]: 'true',
    [HELPER_OWNER_LABEL]: helperOwner(),
  });
  return {
    name,
    remove: () => docker.removeVolume(name, { force: true }).catch(() => undefined),
  };
}

/**
 * At boot, after the leftover helpers are gone (a volume in use cannot be removed): the throwaway
 * volumes a verify job killed mid-way left behind. Only this installation's own (owner label): another
 * Opsdeck on the same engine may be verifying right now.
 */
export async function removeLeftoverThrowawayVolumes(docker: Engine): Promise<string[]> {
  const names = await docker.listVolumeNames([
    `${OPSDECK_OWN.throwaway}=true`,
    `${HELPER_OWNER_LABEL}=${helperOwner()}`,
  ]);
  for (const name of names) await docker.removeVolume(name, { force: true });
  return names;
}

/**
 * Restores one archive into a volume Opsdeck just created (a new volume, a verify's throwaway one):
 * nothing else reads it, so the archive streams straight in while it is hashed, and a mismatch with
 * the manifest throws (the caller removes the volume). Live data is restored through staging instead
 * (staged-restore.ts).
 */
export async function restoreIntoVolume(
  docker: Engine,
  image: string,
  backupId: string,
  volume: ManifestVolume,
  mount: { type: 'volume' | 'bind'; source: string },
  ctx: JobContext,
): Promise<void> {
  const progress = byteProgress(ctx, volume.archiveBytes);
  const found = await withHelper(
    docker,
    { image, mounts: [{ ...mount, target: HELPER_MOUNT }], purpose: 'restore' },
    (helper) =>
      streamArchiveInto(helper, archivePath(backupId, volume.archive), '/', {
        signal: ctx.signal,
        onBytes: deltas((n) => progress.add(n)),
      }),
  ).catch((err: unknown) => {
    throw damaged(volume, err, ctx.signal);
  });
  const mismatch = archiveMismatch(volume, found);
  if (mismatch) throw new Error(mismatch);
}

/** A gzip/tar failure while streaming names the archive as altered or corrupt; others pass as is. */
export function damaged(volume: ManifestVolume, err: unknown, signal: AbortSignal): unknown {
  if (signal.aborted || !isArchiveDamage(err)) return err;
  return new Error(
    `${volume.archive} (${volume.source}) was altered or is corrupt: ${err instanceof Error ? err.message : String(err)}`,
  );
}
