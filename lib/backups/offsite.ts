import fs from 'node:fs';
import path from 'node:path';
import { env } from '@/lib/config/env';
import type { JobContext } from '@/lib/jobs/engine';
import { logger } from '@/lib/log/logger';
import type { Backup } from './catalog';
import { MANIFEST_FILE } from './manifest';
import { checkBackupDir } from './offsite-check';
import { directoryTarget } from './offsite-dir';
import { s3TargetFromEnv } from './offsite-s3';
import { backupDir, backupRoot, partialDir } from './paths';
import { readManifest } from './read-backup';

/**
 * Off-site copies: after each backup it is copied to every configured target (a directory,
 * `OPSDECK_OFFSITE_DIR`; an S3-compatible bucket, `OPSDECK_OFFSITE_S3_*`), checked end to end.
 * Retention removes the copies with the backup. A restore or verify whose local copy is gone fetches
 * it back from the first target that has it, proven against manifest and catalog before use.
 */
export interface OffsiteTarget {
  /** for steps and logs: where, never a credential */
  describe: string;
  /**
   * copies a backup's directory; afterwards the target has all of it or none of it. `note` hears
   * what an operator should know (a resumed file), for the job's steps.
   */
  put(
    backup: Pick<Backup, 'id' | 'sha256'>,
    fromDir: string,
    note?: (message: string) => void,
  ): Promise<void>;
  has(id: string): Promise<boolean>;
  /** writes the backup's files into `toDir` as they are there; the caller checks them */
  fetchInto(id: string, toDir: string): Promise<void>;
  remove(id: string): Promise<void>;
}

export function offsiteTargets(): OffsiteTarget[] {
  const targets: OffsiteTarget[] = [];
  const dir = env().OPSDECK_OFFSITE_DIR?.trim();
  if (dir) targets.push(directoryTarget(path.resolve(dir)));
  const s3 = s3TargetFromEnv();
  if (s3) targets.push(s3);
  return targets;
}

/** One copy of a backup to a target at a time in this process: a second asker waits for the first. */
const inFlight = new Map<string, Promise<void>>();

function putOnce(target: OffsiteTarget, b: Backup, ctx: JobContext): Promise<void> {
  const key = `${target.describe}\n${b.id}`;
  const running = inFlight.get(key);
  if (running) return running;
  const put = target
    .put(b, backupDir(b.id), (message) => ctx.step(message, 'warn'))
    .catch((err: unknown) => {
      throw new Error(`${target.describe}: ${err instanceof Error ? err.message : String(err)}`);
    })
    .finally(() => inFlight.delete(key));
  inFlight.set(key, put);
  return put;
}

/** Backups a target should hold but lacks: not undo backups, and only while the local copy exists. */
async function lacking(target: OffsiteTarget, backups: Backup[], except?: string): Promise<Backup[]> {
  const missing: Backup[] = [];
  for (const b of backups) {
    if (b.id === except || b.kind === 'undo') continue;
    if (!fs.existsSync(path.join(backupDir(b.id), MANIFEST_FILE))) continue;
    if (!(await target.has(b.id))) missing.push(b);
  }
  return missing;
}

/**
 * After a backup: copy it to every target, then catch up on the service's `earlier` backups a
 * target lacks (a copy that failed or was cut off last time resumes here, mid-file on S3). Throws
 * naming the target.
 */
export async function copyOffsite(backup: Backup, ctx: JobContext, earlier: Backup[] = []): Promise<void> {
  for (const target of offsiteTargets()) {
    ctx.step(`Copying ${backup.id} off-site to ${target.describe}, checking every file's sha256`);
    await putOnce(target, backup, ctx);
    ctx.step(`Off-site copy complete: ${target.describe}`);
    for (const b of await lacking(target, earlier, backup.id)) {
      ctx.step(`Catching up: ${b.id} was not in ${target.describe} yet`, 'warn');
      await putOnce(target, b, ctx);
    }
  }
}

/**
 * The catch-up on its own, for a service whose copies failed and that has no later backup to carry
 * them (the off-site sweep runs it as a job). Returns how many copies it made.
 */
export async function catchUpOffsite(backups: Backup[], ctx: JobContext): Promise<number> {
  let copied = 0;
  for (const target of offsiteTargets()) {
    for (const b of await lacking(target, backups)) {
      ctx.step(`Catching up: ${b.id} was not in ${target.describe} yet`, 'warn');
      await putOnce(target, b, ctx);
      copied++;
    }
  }
  ctx.step(
    copied > 0
      ? `Caught up: ${copied} off-site cop${copied === 1 ? 'y' : 'ies'} made`
      : 'Every target holds every backup',
  );
  return copied;
}

/** Whether any target lacks one of these backups (the sweep asks before it starts a job). */
export async function offsiteGaps(backups: Backup[]): Promise<boolean> {
  for (const target of offsiteTargets()) if ((await lacking(target, backups)).length > 0) return true;
  return false;
}

/** Retention and delete: the off-site copies go with the backup (a failure is logged, not thrown). */
export async function removeOffsiteCopies(id: string): Promise<void> {
  for (const target of offsiteTargets()) {
    await target
      .remove(id)
      .catch((err: unknown) =>
        logger().warn({ err, target: target.describe, id }, 'could not remove an off-site copy'),
      );
  }
}

/**
 * Before a restore or verify: when the local copy is gone, fetch it from the first target that has
 * it into the partial directory, prove it (manifest against the catalog, archives against the
 * manifest), and only then rename it into place. A local copy is never replaced.
 */
export async function ensureLocalCopy(backup: Backup, ctx: JobContext): Promise<void> {
  if (fs.existsSync(path.join(backupDir(backup.id), MANIFEST_FILE))) return;
  for (const target of offsiteTargets()) {
    if (!(await target.has(backup.id).catch(() => false))) continue;
    ctx.step(`The local copy of ${backup.id} is gone; fetching the off-site copy from ${target.describe}`);
    const partial = partialDir(backup.id);
    fs.mkdirSync(backupRoot(), { recursive: true });
    fs.rmSync(partial, { recursive: true, force: true });
    fs.mkdirSync(partial);
    try {
      await target.fetchInto(backup.id, partial);
      await checkBackupDir(backup, partial);
      fs.rmSync(backupDir(backup.id), { recursive: true, force: true });
      fs.renameSync(partial, backupDir(backup.id));
    } catch (err) {
      fs.rmSync(partial, { recursive: true, force: true });
      throw new Error(
        `the off-site copy of ${backup.id} in ${target.describe} cannot be used: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    readManifest(backup);
    ctx.step('Off-site copy fetched; every checksum matches');
    return;
  }
}
