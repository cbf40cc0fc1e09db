import { appendAudit } from '@/lib/audit/append';
import { logger } from '@/lib/log/logger';
import { incidentKindOfJob, recordIncident } from '@/lib/services/incidents';
import type { Job } from './types';

const MAX_MESSAGE = 2000;
const clip = (s: string) => (s.length > MAX_MESSAGE ? `${s.slice(0, MAX_MESSAGE)}…` : s);
const now = () => new Date().toISOString();

/** Deploys and rollbacks name the image they moved to, when the job's params say it. */
function imageOf(job: Job): { image?: string } {
  const image = (job.params as Record<string, unknown> | null)?.image;
  return typeof image === 'string' ? { image } : {};
}

/** The finished job on the service's timeline and in the audit log. */
export function recordFinished(job: Job): void {
  const summary =
    job.status === 'succeeded'
      ? `${job.kind} by ${job.actor} succeeded`
      : `${job.kind} by ${job.actor} ${job.status}: ${job.error ?? ''}`;
  try {
    recordIncident({
      serviceId: job.serviceId,
      kind: incidentKindOfJob(job.kind),
      summary: clip(summary),
      severity: job.status === 'succeeded' ? 'ok' : 'critical',
      attributes: {
        jobId: job.id,
        jobKind: job.kind,
        status: job.status,
        actor: job.actor,
        ...imageOf(job),
        ...(job.error ? { error: clip(job.error) } : {}),
      },
      at: job.finishedAt ?? now(),
      dedupeKey: `job:${job.id}`,
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
