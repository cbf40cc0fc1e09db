import fs from 'node:fs';
import path from 'node:path';
import { env } from '@/lib/config/env';
import { logger } from '@/lib/log/logger';

/** Where backups live: `OPSDECK_BACKUP_DIR`, else `$OPSDECK_DATA_DIR/backups`. */
export function backupRoot(): string {
  const dir = env().OPSDECK_BACKUP_DIR?.trim();
  return path.resolve(dir ? dir : path.join(env().dataDir, 'backups'));
}

const ID_PATTERN = /^[0-9a-z-]{1,100}$/;

/** Catalog ids are ours, but check before they become a path. */
function safeId(id: string): string {
  if (!ID_PATTERN.test(id)) throw new Error(`not a backup id: ${id.slice(0, 40)}`);
  return id;
}

/** The complete backup's directory; it exists only after the atomic rename. */
export function backupDir(id: string): string {
  return path.join(backupRoot(), safeId(id));
}

/** Where a backup is written before it is complete; never listed, removed at boot. */
export function partialDir(id: string): string {
  return path.join(backupRoot(), `${safeId(id)}.partial`);
}

/**
 * Removes what a crashed or killed job left behind. Nothing partial is ever in the catalog (rows are
 * inserted after the rename), so this only frees disk.
 */
export function removePartialBackups(): string[] {
  const root = backupRoot();
  if (!fs.existsSync(root)) return [];
  const removed: string[] = [];
  for (const name of fs.readdirSync(root)) {
    if (!name.endsWith('.partial')) continue;
    fs.rmSync(path.join(root, name), { recursive: true, force: true });
    removed.push(name);
  }
  if (removed.length > 0) logger().warn({ removed }, 'removed partial backups left by an interrupted job');
  return removed;
}
