import { parseServiceId } from '@/lib/docker/ids';
import type { IncidentKind } from './schemas';
import { queryTimeline, resolveSince } from './timeline-query';
import type { IncidentEvent } from './types';

export interface ChangesInput {
  since?: string;
  stack?: string;
  kinds?: IncidentKind[];
  limit: number;
  cursor?: string;
  visible: (serviceId: string) => boolean;
}

/**
 * "What changed in the last hour": the incident story of every service the caller may see (or of
 * one stack), newest first — the first question of every incident review.
 */
export function whatChanged(input: ChangesInput) {
  const since = resolveSince(input.since ?? '1h');
  const page = queryTimeline({
    since,
    stack: input.stack,
    kinds: input.kinds,
    limit: input.limit,
    cursor: input.cursor,
    visible: input.visible,
  });
  return { ...page, since, services: servicesOf(page.events) };
}

function servicesOf(events: IncidentEvent[]): Record<string, { host: string; stack: string; name: string }> {
  const out: Record<string, { host: string; stack: string; name: string }> = {};
  for (const e of events) {
    const parsed = parseServiceId(e.serviceId);
    if (parsed) out[e.serviceId] = parsed;
  }
  return out;
}
