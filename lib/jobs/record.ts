import { appendAudit } from '@/lib/audit/append';
import { logger } from '@/lib/log/logger';
import { recordTimelineEvent } from '@/lib/services/timeline';
import type { Job } from './types';

const MAX_MESSAGE = 2000;
const clip = (s: string) => (s.length > MAX_MESSAGE ? `${s.slice(0, MAX_MESSAGE)}…` : s);
const now = () => new Date().toISOString();

/** The finished job on the service's timeline and in the audit log. */
export function recordFinished(job: Job): void {
  const summary =
    job.status === 'succeeded'
      ? `${job.kind} by ${job.actor} succeeded`
      : `${job.kind} by ${job.actor} ${job.status}: ${job.error ?? ''}`;
  try {
    recordTimelineEvent({
      serviceId: job.serviceId,
      containerId: null,
      containerName: null,
      kind: 'job',
      message: clip(summary),
      attributes: { jobId: job.id, jobKind: job.kind, status: job.status, actor: job.actor },
      at: job.finishedAt ?? now(),
    });
  } catch (err) {
    logger().error({ err, jobId: job.id }, 'could not record job on the timeline');
  }
  appendAudit({
    actor: job.actor,
    actorKind: 'system',
    address: 'job-engine',
    action: `job.${job.kind}`,
    target: job.serviceId,
    serviceId: job.serviceId,
    params: { jobId: job.id, params: job.params },
    result: job.status === 'succeeded' ? 'ok' : `${job.status}: ${job.error ?? ''}`,
    requestId: job.requestId,
  });
}
