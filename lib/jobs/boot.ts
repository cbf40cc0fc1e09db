import { logger } from '@/lib/log/logger';
import { abortRunningJobs, markInterruptedJobs } from './engine';

/** At boot: mark what a previous process left running as interrupted. */
export function startJobs(): void {
  try {
    markInterruptedJobs();
  } catch (err) {
    logger().error({ err }, 'could not mark interrupted jobs');
  }
}

export function stopJobs(): void {
  abortRunningJobs();
}
