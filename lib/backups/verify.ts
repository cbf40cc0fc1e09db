import fs from 'node:fs';
import { engine } from '@/lib/docker/engine';
import type { JobContext } from '@/lib/jobs/engine';
import { getDockerService } from '@/lib/services';
import { inspectArchive } from './archive';
import { archiveMismatch } from './archive-check';
import { type Backup, recordVerification } from './catalog';
import { runHelper } from './docker-ops';
import { backupPolicy } from './labels';
import type { Manifest } from './manifest';
import { ensureLocalCopy } from './offsite';
import { byteProgress, deltas } from './progress';
import { archivePath, readManifest } from './read-backup';
import { helperImageFor, restoreIntoVolume, throwawayVolume } from './volumes';

/**
 * Proves a backup: every archive's sha256 and size match the manifest, each decompresses to a
 * complete tar of the recorded file count, and (with `opsdeck.backup.verify`) the service's own
 * check passes against a copy restored into throwaway volumes.
 */
export async function checkIntegrity(backup: Backup, ctx: JobContext): Promise<Manifest> {
  const manifest = readManifest(backup);
  const total = manifest.volumes.reduce((n, v) => n + v.archiveBytes, 0);
  const progress = byteProgress(ctx, total);
  for (const v of manifest.volumes) {
    const file = archivePath(backup.id, v.archive);
    if (!fs.existsSync(file)) throw new Error(`${v.archive} (${v.source}) is missing from disk`);
    const found = await inspectArchive(
      file,
      ctx.signal,
      deltas((n) => progress.add(n)),
    ).catch((err: unknown) => {
      if (ctx.signal.aborted) throw err;
      throw new Error(
        `${v.archive} (${v.source}) was altered or is corrupt: ${err instanceof Error ? err.message : String(err)}`,
      );
    });
    const mismatch = archiveMismatch(v, found);
    if (mismatch) throw new Error(mismatch);
    const { stats } = found;
    ctx.step(`${v.source}: checksum ok, ${stats.files} files, ${stats.dirs} directories listed`);
  }
  return manifest;
}

/** The service's `opsdeck.backup.verify` command, if the service still exists and declares one. */
async function verifyCommand(backup: Backup): Promise<string | null> {
  try {
    return backupPolicy((await getDockerService(backup.serviceId)).labels).verify;
  } catch {
    return null;
  }
}

export async function verifyBackup(backup: Backup, ctx: JobContext): Promise<void> {
  const started = Date.now();
  try {
    await ensureLocalCopy(backup, ctx);
    const manifest = await checkIntegrity(backup, ctx);
    const command = await verifyCommand(backup);
    let message = `checksums and listing of ${manifest.volumes.length} archive(s) match the manifest`;
    if (command) {
      const docker = engine(backup.service.host);
      const image = await helperImageFor(docker, manifest);
      const volumes = await Promise.all(manifest.volumes.map(() => throwawayVolume(docker, backup.id)));
      try {
        for (const [i, v] of manifest.volumes.entries()) {
          const name = volumes[i]?.name ?? '';
          ctx.step(`Restoring ${v.archive} into throwaway volume ${name}`);
          await restoreIntoVolume(docker, image, backup.id, v, { type: 'volume', source: name }, ctx);
        }
        ctx.step(`Running the service's check: ${command}`);
        const r = await runHelper(docker, {
          image,
          mounts: manifest.volumes.map((v, i) => ({
            type: 'volume',
            source: volumes[i]?.name ?? '',
            target: v.destination,
          })),
          cmd: ['sh', '-c', command],
          purpose: 'verify',
          signal: ctx.signal,
        });
        if (r.exitCode !== 0)
          throw new Error(
            `check "${command}" exited with code ${r.exitCode}: ${r.output.trim().slice(-500)}`,
          );
        message += `; "${command}" passed against the restored copy`;
        ctx.step(`Check passed${r.output.trim() ? `: ${r.output.trim().slice(-300)}` : ''}`);
      } finally {
        await Promise.all(volumes.map((v) => v.remove()));
      }
    }
    recordVerification(backup.id, true, message, undefined, Date.now() - started);
    ctx.result({ target: backup.id, ok: true, message });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (!ctx.signal.aborted) recordVerification(backup.id, false, message, undefined, Date.now() - started);
    throw err;
  }
}
