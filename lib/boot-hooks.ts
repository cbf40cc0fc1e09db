import { startBackups, stopBackups } from '@/lib/backups/boot';
import { startJobs, stopJobs } from '@/lib/jobs/boot';

/**
 * What other modules start at boot (Prometheus refresher, job recovery…) and stop at shutdown.
 * Each module adds its own line here.
 */
export const bootHooks: (() => void)[] = [startJobs, startBackups];
export const shutdownHooks: (() => void)[] = [stopJobs, stopBackups];
