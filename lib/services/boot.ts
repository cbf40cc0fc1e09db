import { logger } from '@/lib/log/logger';
import { backfillTimeline } from './backfill';
import { startHealthRecorder, stopHealthRecorder } from './health-recorder';
import { liveInventory } from './runtime';

/** The incident story's producers owned here: the boot backfill, then health transitions. */
export function startIncidentTimeline(): void {
  liveInventory();
  void (async () => {
    try {
      await liveInventory().ready();
      await backfillTimeline();
    } catch (err) {
      logger().error({ err }, 'timeline backfill failed');
    }
    startHealthRecorder();
  })();
}

export function stopIncidentTimeline(): void {
  stopHealthRecorder();
}
