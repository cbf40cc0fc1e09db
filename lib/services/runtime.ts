import { env } from '@/lib/config/env';
import { type Inventory, inventory } from '@/lib/docker/inventory';
import { logger } from '@/lib/log/logger';
import { setIncidentRetention } from './incidents';
import { recordEngineEvent } from './timeline';

const holder = globalThis as unknown as { __opsdeckTimelineWired?: Inventory };

/** The inventory, with its engine events persisted to the service timelines (wired once). */
export function liveInventory(): Inventory {
  const inv = inventory();
  if (holder.__opsdeckTimelineWired !== inv) {
    holder.__opsdeckTimelineWired = inv;
    setIncidentRetention(env().OPSDECK_EVENT_RETENTION);
    inv.on('engineEvent', (e) => {
      try {
        recordEngineEvent(e);
      } catch (err) {
        logger().error({ err }, 'could not record engine event');
      }
    });
  }
  return inv;
}
