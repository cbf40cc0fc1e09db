import { logger } from '@/lib/log/logger';
import { removePartialBackups } from './paths';
import { ensureBackupsSource, stopBackupsSource } from './source';

/** At boot: remove what interrupted backups left on disk, and plug in the overdue reasons. */
export function startBackups(): void {
  try {
    removePartialBackups();
  } catch (err) {
    logger().error({ err }, 'could not remove partial backups');
  }
  ensureBackupsSource();
}

export function stopBackups(): void {
  stopBackupsSource();
}
