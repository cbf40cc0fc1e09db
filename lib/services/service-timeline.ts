import { auditEntriesForService } from '@/lib/audit/query';
import { listTimeline } from './timeline';
import type { TimelineEvent } from './types';

/**
 * A service's timeline: engine events, finished jobs and backups (recorded in `service_events`)
 * beside the audit entries of requests that targeted it, newest first.
 */
export function serviceTimeline(serviceId: string, limit: number): TimelineEvent[] {
  const audit: TimelineEvent[] = auditEntriesForService(serviceId, limit).map((a) => ({
    id: `audit-${a.seq}`,
    seq: a.seq,
    serviceId,
    containerId: null,
    containerName: null,
    kind: 'audit',
    message: `${a.actor} requested ${a.action}: ${a.result}`,
    attributes: { action: a.action, actor: a.actor, result: a.result, requestId: a.requestId },
    at: a.at,
  }));
  return [...listTimeline(serviceId, limit), ...audit]
    .sort((x, y) => y.at.localeCompare(x.at))
    .slice(0, limit);
}
