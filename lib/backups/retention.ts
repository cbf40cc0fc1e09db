import fs from 'node:fs';
import { type Backup, deleteBackupRow, listBackups } from './catalog';
import type { BackupPolicy } from './labels';
import { backupDir } from './paths';

/** Undo backups are a safety net for the last restores, not history. */
const KEEP_UNDO = 3;

/**
 * Which backups retention removes: beyond the newest `keep`, or older than `max-age`; the newest
 * backup always stays, so a policy can never leave a service with none.
 */
export function expiredBackups(
  backups: Backup[],
  policy: Pick<BackupPolicy, 'keep' | 'maxAgeMs'>,
  now = Date.now(),
): Backup[] {
  const expired: Backup[] = [];
  const regular = backups
    .filter((b) => b.kind !== 'undo')
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  for (const [i, b] of regular.entries()) {
    if (i === 0) continue;
    const tooOld = policy.maxAgeMs !== null && now - Date.parse(b.createdAt) > policy.maxAgeMs;
    if (i >= policy.keep || tooOld) expired.push(b);
  }
  const undo = backups
    .filter((b) => b.kind === 'undo')
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  expired.push(...undo.slice(KEEP_UNDO));
  return expired;
}

/** Removes a backup: catalog row first (it stops being listed), then its directory. */
export function removeBackup(id: string): void {
  deleteBackupRow(id);
  fs.rmSync(backupDir(id), { recursive: true, force: true });
}

export function applyRetention(serviceId: string, policy: Pick<BackupPolicy, 'keep' | 'maxAgeMs'>): string[] {
  const expired = expiredBackups(listBackups({ serviceId, limit: 10_000 }), policy);
  for (const b of expired) removeBackup(b.id);
  return expired.map((b) => b.id);
}
