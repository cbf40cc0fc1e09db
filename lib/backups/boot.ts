import { dockerHosts } from '@/lib/docker/client';
import { engine } from '@/lib/docker/engine';
import { logger } from '@/lib/log/logger';
import { removeLeftoverHelpers } from './docker-ops';
import { removePartialBackups } from './paths';
import { startBackupScheduler, stopBackupScheduler } from './scheduler';
import { ensureBackupsSource, stopBackupsSource } from './source';

/** At boot: remove what interrupted backups left (on disk and on the engines); plug in the overdue reasons; start the scheduler. */
export function startBackups(): void {
  try {
    removePartialBackups();
  } catch (err) {
    logger().error({ err }, 'could not remove partial backups');
  }
  ensureBackupsSource();
  startBackupScheduler();
  for (const host of dockerHosts()) {
    removeLeftoverHelpers(engine(host.name))
      .then((n) => {
        if (n > 0)
          logger().warn(
            { host: host.name, count: n },
            'removed backup helper containers left by an interrupted job',
          );
      })
      .catch((err: unknown) =>
        logger().warn({ err, host: host.name }, 'could not look for leftover backup helpers'),
      );
  }
}

export function stopBackups(): void {
  stopBackupScheduler();
  stopBackupsSource();
}
