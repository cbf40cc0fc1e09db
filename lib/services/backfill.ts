import { logger } from '@/lib/log/logger';
import { liveInventory } from './runtime';
import { servicesDb } from './schema';
import { recordEngineEvent } from './timeline';

/** Without any recorded event of a host, look this far back (the engine holds what it holds). */
const FIRST_LOOK_BACK_S = 24 * 3600;

/** Seconds since the epoch of the newest engine event recorded for a host, a second early. */
function lastRecordedSecond(host: string): number {
  const row = servicesDb()
    .prepare(
      `SELECT MAX(at) AS at FROM service_events WHERE kind = 'container' AND dedupe_key >= ? AND dedupe_key < ?`,
    )
    .get(`engine:${host}:`, `engine:${host};`) as { at: string | null };
  const now = Math.floor(Date.now() / 1000);
  return row.at ? Math.floor(Date.parse(row.at) / 1000) - 1 : now - FIRST_LOOK_BACK_S;
}

/**
 * Records the engine events that happened while Opsdeck was not running, as far as the engine still
 * holds them (`/events?since=…&until=now`). Events also seen live are recorded once (dedupe key).
 */
export async function backfillTimeline(): Promise<{ host: string; recorded: number; error?: string }[]> {
  const inv = liveInventory();
  const results = await inv.pastEvents(lastRecordedSecond);
  return results.map(({ host, events, error }) => {
    let recorded = 0;
    for (const e of events) {
      try {
        if (recordEngineEvent(e)) recorded++;
      } catch (err) {
        logger().error({ err }, 'backfill: could not record an engine event');
      }
    }
    if (error) logger().warn({ host, error }, 'backfill: the engine did not answer its past events');
    else logger().info({ host, recorded, seen: events.length }, 'timeline backfilled from the engine');
    return error ? { host, recorded, error } : { host, recorded };
  });
}
