import { dockerHosts } from '@/lib/docker/client';
import { engine } from '@/lib/docker/engine';
import { logger } from '@/lib/log/logger';
import { removeLeftoverHelpers } from './docker-ops';
import { removePartialBackups } from './paths';
import { startBackupScheduler, stopBackupScheduler } from './scheduler';
import { ensureBackupsSource, stopBackupsSource } from './source';
import { startLeftStopped } from './stopped-note';
import { removeLeftoverThrowawayVolumes } from './volumes';

/**
 * At boot: remove what interrupted backups left (partial dirs on disk; helpers and throwaway volumes on
 * the engines), start again what they had stopped, plug in the overdue reasons, start the scheduler.
 */
export function startBackups(): void {
  try {
    removePartialBackups();
  } catch (err) {
    logger().error({ err }, 'could not remove partial backups');
  }
  ensureBackupsSource();
  startLeftStopped((host) => engine(host))
    .then((names) => {
      if (names.length > 0)
        logger().warn(
          { containers: names },
          'started again what an interrupted backup or restore had stopped',
        );
    })
    .catch((err: unknown) => logger().error({ err }, 'could not start what an interrupted job had stopped'));
  startBackupScheduler();
  for (const host of dockerHosts()) {
    const docker = engine(host.name);
    removeLeftoverHelpers(docker)
      .then(async (n) => {
        if (n > 0)
          logger().warn(
            { host: host.name, count: n },
            'removed backup helper containers left by an interrupted job',
          );
        const volumes = await removeLeftoverThrowawayVolumes(docker);
        if (volumes.length > 0)
          logger().warn(
            { host: host.name, volumes },
            'removed throwaway verify volumes left by an interrupted job',
          );
      })
      .catch((err: unknown) =>
        logger().warn({ err, host: host.name }, 'could not look for leftover backup helpers and volumes'),
      );
  }
}

export function stopBackups(): void {
  stopBackupScheduler();
  stopBackupsSource();
}
