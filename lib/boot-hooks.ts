import { startBackups, stopBackups } from '@/lib/backups/boot';
import { startJobs, stopJobs } from '@/lib/jobs/boot';
import { startPrometheus, stopPrometheus } from '@/lib/prometheus/boot';

/**
 * What other modules start at boot (Prometheus refresher, job recovery, partial-backup cleanup) and
 * stop at shutdown. Each module adds its own entry here.
 */
export const bootHooks: (() => void)[] = [startJobs, startBackups, startPrometheus];
export const shutdownHooks: (() => void)[] = [stopPrometheus, stopJobs, stopBackups];
