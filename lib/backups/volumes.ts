import { randomBytes } from 'node:crypto';
import type { Engine } from '@/lib/docker/engine';
import { OPSDECK_OWN } from '@/lib/docker/labels';
import type { JobContext } from '@/lib/jobs/engine';
import { restoreFromFile } from './archive';
import { HELPER_OWNER_LABEL, helperOwner, runHelper, withHelper } from './docker-ops';
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

/** Empties a mounted volume or bind directory, keeping the directory itself. */
export async function emptyMount(
  docker: Engine,
  image: string,
  mount: { type: 'volume' | 'bind'; source: string },
  signal: AbortSignal,
): Promise<void> {
  const r = await runHelper(docker, {
    image,
    mounts: [{ ...mount, target: '/v' }],
    cmd: ['sh', '-c', 'rm -rf /v/..?* /v/.[!.]* /v/*'],
    purpose: 'empty',
    signal,
  });
  if (r.exitCode !== 0)
    throw new Error(
      `emptying ${mount.source} failed (exit code ${r.exitCode}): ${r.output.trim().slice(-300)}`,
    );
}

/** Replaces the contents of a volume (or bind directory) with one archive of the backup. */
export async function restoreIntoVolume(
  docker: Engine,
  image: string,
  backupId: string,
  volume: ManifestVolume,
  mount: { type: 'volume' | 'bind'; source: string },
  ctx: JobContext,
): Promise<void> {
  await emptyMount(docker, image, mount, ctx.signal);
  const progress = byteProgress(ctx, volume.archiveBytes);
  const scanner = await withHelper(
    docker,
    { image, mounts: [{ ...mount, target: '/v' }], purpose: 'restore' },
    (helper) =>
      restoreFromFile(helper, archivePath(backupId, volume.archive), {
        signal: ctx.signal,
        onBytes: deltas((n) => progress.add(n)),
      }),
  );
  if (scanner.stats.files !== volume.files)
    throw new Error(
      `restored ${scanner.stats.files} files into ${mount.source}, the manifest says ${volume.files}`,
    );
}
