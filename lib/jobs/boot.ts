import { startDeployRecorder, stopDeployRecorder } from '@/lib/actions/deploys';
import { logger } from '@/lib/log/logger';
import { abortRunningJobs, markInterruptedJobs } from './engine';

/** At boot: mark what a previous process left running as interrupted; record deploys as they happen. */
export function startJobs(): void {
  try {
    markInterruptedJobs();
  } catch (err) {
    logger().error({ err }, 'could not mark interrupted jobs');
  }
  startDeployRecorder();
}

export function stopJobs(): void {
  abortRunningJobs();
  stopDeployRecorder();
}
