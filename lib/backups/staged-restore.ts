import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Engine } from '@/lib/docker/engine';
import type { JobContext } from '@/lib/jobs/engine';
import { HELPER_MOUNT, streamArchiveInto } from './archive';
import { archiveMismatch } from './archive-check';
import { createHelper, helperOutput, removeHelper, runHelper } from './docker-ops';
import type { ManifestVolume } from './manifest';
import { byteProgress, deltas } from './progress';
import { archivePath } from './read-backup';
import { tarDirHeader, tarEnd } from './tar-write';
import { damaged } from './volumes';

/**
 * Restore into live data at copy speed, without trusting the archive before it is proven: the
 * archive streams into a staging directory on the SAME volume (hashed and listed as it passes), and
 * only when sha256, size and listing match the manifest is the live content swapped for it — by
 * rename, which on one filesystem costs nothing. (A separate staging volume would need a second full
 * copy to swap: Docker cannot rename volumes, and a rename across mounts is a copy.) An altered
 * archive only ever fills the staging directory, which is then removed.
 */
export const STAGING_PREFIX = '.opsdeck-restore-';

export interface StagedRestore {
  /** the staging directory's name inside the volume */
  dir: string;
  /** replaces the live content with the staged one (renames); the staging directory is gone after */
  swap(): Promise<void>;
  /** removes the staging directory; the live content was never touched */
  discard(): Promise<void>;
}

/**
 * The swap: removes everything at the volume's top level but the staging directory (a stale staging
 * directory of an interrupted restore included), moves the staged entries up, copies the archived
 * root's mode and owner where the image has `stat`. Globs cover dot-files; a pattern that matched
 * nothing stays literal and is skipped by the existence test.
 */
export function swapScript(dir: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(dir)) throw new Error(`bad staging directory name ${dir}`);
  return [
    'set -e',
    `cd ${HELPER_MOUNT}`,
    `S='${dir}'`,
    'for f in * .[!.]* ..?*; do',
    '  if [ "$f" = "$S" ]; then continue; fi',
    '  if [ -e "$f" ] || [ -L "$f" ]; then rm -rf -- "$f"; fi',
    'done',
    'for f in "$S"/v/* "$S"/v/.[!.]* "$S"/v/..?*; do',
    '  if [ -e "$f" ] || [ -L "$f" ]; then mv -- "$f" .; fi',
    'done',
    'if [ -d "$S/v" ] && command -v stat >/dev/null 2>&1; then',
    '  chmod "$(stat -c %a "$S/v")" . 2>/dev/null || true',
    '  chown "$(stat -c %u:%g "$S/v")" . 2>/dev/null || true',
    'fi',
    'rm -rf -- "$S"',
  ].join('\n');
}

export async function stageIntoMount(
  docker: Engine,
  image: string,
  backupId: string,
  volume: ManifestVolume,
  mount: { type: 'volume' | 'bind'; source: string },
  ctx: JobContext,
): Promise<StagedRestore> {
  const dir = `${STAGING_PREFIX}${randomBytes(6).toString('hex')}`;
  const mounts = [{ ...mount, target: HELPER_MOUNT }];
  const discard = async () => {
    const r = await runHelper(docker, {
      image,
      mounts,
      cmd: ['rm', '-rf', '--', `${HELPER_MOUNT}/${dir}`],
      purpose: 'restore-discard',
    });
    if (r.exitCode !== 0)
      throw new Error(`could not remove ${dir} from ${mount.source}: ${r.output.trim().slice(-300)}`);
  };
  // created, not started: archives are put into it now, its command (the swap) runs only once proven
  const helper = await createHelper(docker, {
    image,
    mounts,
    cmd: ['sh', '-c', swapScript(dir)],
    purpose: 'restore',
  });
  try {
    await helper.putArchive(Readable.from([tarDirHeader(dir), tarEnd()]), HELPER_MOUNT, ctx.signal);
    const progress = byteProgress(ctx, volume.archiveBytes);
    const found = await streamArchiveInto(
      helper,
      archivePath(backupId, volume.archive),
      `${HELPER_MOUNT}/${dir}`,
      { signal: ctx.signal, onBytes: deltas((n) => progress.add(n)) },
    ).catch((err: unknown) => {
      throw damaged(volume, err, ctx.signal);
    });
    const mismatch = archiveMismatch(volume, found);
    if (mismatch) throw new Error(mismatch);
  } catch (err) {
    await removeHelper(helper);
    await discard().catch(() => undefined);
    if (ctx.signal.aborted || !(err instanceof Error)) throw err;
    throw new Error(`${err.message}; the live data was not touched`);
  }
  return {
    dir,
    discard: async () => {
      await removeHelper(helper);
      await discard();
    },
    async swap() {
      try {
        await helper.start();
        const waited = await helper.wait();
        if (waited.StatusCode !== 0) {
          const out = await helperOutput(helper);
          throw new Error(
            `swapping the restored data into ${mount.source} failed (exit code ${waited.StatusCode}): ${out.trim().slice(-300)}; what was restored is in ${dir} inside it`,
          );
        }
      } finally {
        await removeHelper(helper);
      }
    },
  };
}
