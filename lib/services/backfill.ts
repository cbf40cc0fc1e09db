import { logger } from '@/lib/log/logger';
import { liveInventory } from './runtime';
import { recordEngineEvent } from './timeline';

/**
 * How far back to ask each engine. Not "since the newest event recorded": a live event recorded
 * between boot and the backfill (or another service's event on the same host) would be newer than
 * the gap and hide it. The engine keeps only its last few hundred events, and events already
 * recorded are skipped by their dedupe key, so asking for the whole day costs little.
 */
const LOOK_BACK_S = 24 * 3600;

function lookBackSecond(): number {
  return Math.floor(Date.now() / 1000) - LOOK_BACK_S;
}

/**
 * Records the engine events that happened while Opsdeck was not running, as far as the engine still
 * holds them (`/events?since=…&until=now`). Events also seen live are recorded once (dedupe key).
 */
export async function backfillTimeline(): Promise<{ host: string; recorded: number; error?: string }[]> {
  const inv = liveInventory();
  const results = await inv.pastEvents(lookBackSecond);
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
