import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { engine } from '@/lib/docker/engine';
import type { DockerService } from '@/lib/docker/types';
import { errorText } from '@/lib/docker/wait';
import type { JobContext } from '@/lib/jobs/engine';
import { assertNotOpsdeck } from '@/lib/services/self';
import pkg from '@/package.json';
import { archiveToFile } from './archive';
import { type Backup, insertBackup } from './catalog';
import { execInContainer, measureBytes, withHelper } from './docker-ops';
import { backupPolicy } from './labels';
import { MANIFEST_FILE, MANIFEST_FORMAT, type Manifest, type ManifestVolume } from './manifest';
import { assertMountExists, backupTargets } from './mounts';
import { backupDir, backupRoot, partialDir } from './paths';
import { byteProgress, deltas, formatBytes } from './progress';
import { type StoppedService, stopService } from './service-control';

const PRE_TIMEOUT_MS = 10 * 60_000;

export function newBackupId(at = new Date()): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15).toLowerCase();
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/** Disk errors named for what they mean to an operator. */
export function describeFsError(err: unknown): string {
  const code = (err as { code?: string }).code;
  if (code === 'ENOSPC') return `no space left on the backup disk (${backupRoot()})`;
  if (code === 'EDQUOT') return `disk quota exceeded on the backup disk (${backupRoot()})`;
  return errorText(err);
}

export interface CreateBackupOptions {
  kind: 'manual' | 'undo';
  /** for an undo backup: the backup about to be restored */
  undoOf?: string;
  /** the caller already stopped the service (restore takes its undo backup while stopped) */
  alreadyStopped?: boolean;
  /** copy only the mounts at these destinations (the undo backup covers what a restore replaces) */
  only?: string[];
}

/**
 * Takes one backup of a service as a job: pre-command, optional stop, one streamed archive per
 * mount, then the manifest, then the atomic rename, then the catalog row. Any failure removes the
 * partial directory, so a half-made backup is never listed.
 */
export async function createBackup(
  svc: DockerService,
  ctx: JobContext,
  opts: CreateBackupOptions,
): Promise<Backup> {
  // the one place every backup (manual, undo, any future schedule) passes: never Opsdeck's own data
  assertNotOpsdeck(svc);
  const docker = engine(svc.host);
  const policy = backupPolicy(svc.labels);
  for (const p of policy.problems) ctx.step(p, 'warn');
  const targets = await backupTargets(svc, opts.only ? { ...policy, paths: opts.only } : policy);
  const id = newBackupId();
  const partial = partialDir(id);
  fs.mkdirSync(partial, { recursive: true });
  let renamed = false;
  try {
    ctx.step(`Backup ${id}: ${targets.mounts.map((m) => `${m.source} (${m.destination})`).join(', ')}`);
    let pre: Manifest['pre'] = null;
    // a stopped service is consistent already, and has no running container to exec in
    if (policy.pre && !opts.alreadyStopped) {
      if (!targets.runningContainerId)
        throw new Error('no running container to run the pre-backup command in');
      ctx.step(`Running pre-backup command: ${policy.pre}`);
      const r = await execInContainer(docker.container(targets.runningContainerId), policy.pre, {
        timeoutMs: PRE_TIMEOUT_MS,
        signal: ctx.signal,
      });
      pre = { command: policy.pre, exitCode: r.exitCode, output: r.output };
      if (r.exitCode !== 0)
        throw new Error(`pre-backup command exited with code ${r.exitCode}: ${r.output.trim().slice(-500)}`);
      ctx.step(`Pre-backup command succeeded${r.output.trim() ? `: ${r.output.trim().slice(0, 200)}` : ''}`);
    }
    for (const m of targets.mounts) await assertMountExists(docker, m);
    const sizes = await Promise.all(
      targets.mounts.map((m) => measureBytes(docker, targets.helperImage, { ...m, target: '/v' })),
    );
    const total = sizes.every((s) => s !== null) ? sizes.reduce<number>((a, b) => a + (b ?? 0), 0) : null;
    const progress = byteProgress(ctx, total);
    let stopped: StoppedService | null = null;
    if (policy.stop && !opts.alreadyStopped) {
      ctx.step('Stopping the service for a consistent copy (opsdeck.backup.stop)');
      stopped = await stopService(docker, svc, ctx);
      ctx.step(stopped.description);
    }
    const volumes: ManifestVolume[] = [];
    try {
      for (const [i, m] of targets.mounts.entries()) {
        const archive = `volume-${i}.tar.gz`;
        ctx.step(`Copying ${m.type} ${m.source} (${m.destination})`);
        const r = await withHelper(
          docker,
          {
            image: targets.helperImage,
            mounts: [{ type: m.type, source: m.source, target: '/v' }],
            purpose: 'backup',
          },
          (helper) =>
            archiveToFile(helper, path.join(partial, archive), {
              signal: ctx.signal,
              onTarBytes: deltas((n) => progress.add(n)),
            }),
        ).catch((err: unknown) => {
          throw new Error(`copying ${m.source} failed: ${describeFsError(err)}`);
        });
        volumes.push({ source: m.source, type: m.type, destination: m.destination, archive, ...pick(r) });
        ctx.step(
          `${m.source}: ${r.files} files, ${formatBytes(r.contentBytes)} → ${formatBytes(r.archiveBytes)}`,
        );
      }
    } finally {
      // the service runs again even when the copy failed
      if (stopped) {
        ctx.step('Starting the service again');
        await stopped.start();
      }
    }
    const manifest: Manifest = {
      format: MANIFEST_FORMAT,
      id,
      service: { id: svc.id, host: svc.host, stack: svc.stack, name: svc.name },
      kind: opts.kind,
      createdAt: new Date().toISOString(),
      opsdeckVersion: pkg.version,
      images: targets.images,
      pre,
      stopped: stopped !== null || opts.alreadyStopped === true,
      compression: 'gzip',
      volumes,
    };
    const manifestSha = writeManifest(partial, manifest);
    fs.renameSync(partial, backupDir(id));
    renamed = true;
    fsyncDir(backupRoot());
    const backup = insertBackup(manifest, manifestSha, ctx.job.id, opts.undoOf ?? null);
    ctx.result({
      target: id,
      ok: true,
      message: `${backup.files} files, ${formatBytes(backup.contentBytes)} in ${formatBytes(backup.bytes)}`,
    });
    return backup;
  } catch (err) {
    fs.rmSync(partial, { recursive: true, force: true });
    if (renamed) fs.rmSync(backupDir(id), { recursive: true, force: true });
    if ((err as { code?: string }).code) throw new Error(describeFsError(err));
    throw err;
  }
}

function pick(r: Awaited<ReturnType<typeof archiveToFile>>) {
  return {
    files: r.files,
    dirs: r.dirs,
    symlinks: r.symlinks,
    contentBytes: r.contentBytes,
    archiveBytes: r.archiveBytes,
    sha256: r.sha256,
  };
}

/** Written to a temp name, fsynced, renamed: the manifest is whole or absent. Returns its sha256. */
export function writeManifest(dir: string, manifest: Manifest): string {
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  const tmp = path.join(dir, `${MANIFEST_FILE}.tmp`);
  const fd = fs.openSync(tmp, 'wx');
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, path.join(dir, MANIFEST_FILE));
  fsyncDir(dir);
  return createHash('sha256').update(text).digest('hex');
}

export function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
