import type { Connection } from '@/components/live/use-live-services';
import type { SourceStatus } from '@/lib/docker/types';
import type { WallService } from '@/lib/live/schemas';

/**
 * The age (ms) of the oldest thing a tile shows. Engine state is pushed: it is current while the
 * stream is live and the engine answers, else as old as the last good engine data. The queue depth is
 * polled from Prometheus and as old as its `fetchedAt`. null: nothing good was ever received.
 */
export function tileDataAge(
  service: Pick<WallService, 'queue'>,
  connection: Connection,
  docker: Pick<SourceStatus, 'status' | 'lastOkAt'> | undefined,
  now: number,
): number | null {
  let engineAsOf: number | null;
  if (connection.state === 'reconnecting') engineAsOf = connection.since;
  else if (docker && docker.status !== 'ok')
    engineAsOf = docker.lastOkAt ? Date.parse(docker.lastOkAt) : null;
  else engineAsOf = now;
  if (engineAsOf === null) return null;
  let asOf = engineAsOf;
  if (service.queue) {
    if (!service.queue.fetchedAt) return null;
    asOf = Math.min(asOf, Date.parse(service.queue.fetchedAt));
  }
  return Math.max(0, now - asOf);
}
