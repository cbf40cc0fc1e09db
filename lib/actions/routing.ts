import { type ServiceTarget, withinServiceLimit } from '@/lib/auth/permissions';
import type { Principal } from '@/lib/auth/types';
import { parseServiceId } from '@/lib/docker/ids';
import { inventory } from '@/lib/docker/inventory';
import { notFound } from '@/lib/errors';
import { getJob } from '@/lib/jobs/engine';
import type { Job } from '@/lib/jobs/types';

/** The token-limit target of a `/services/{id}/…` route, decoded from the id (no lookup). */
export function serviceTarget(id: string): ServiceTarget | undefined {
  const parsed = parseServiceId(id);
  return parsed ? { id, stack: parsed.stack, name: parsed.name } : undefined;
}

/** The target of a `/containers/{id}/…` route, from the in-memory inventory. */
export function containerTarget(containerId: string): ServiceTarget | undefined {
  const id = containerId.toLowerCase();
  const svc = inventory()
    .services()
    .find((s) => s.containers.some((c) => c.id.startsWith(id)));
  return svc ? { id: svc.id, stack: svc.stack, name: svc.name } : undefined;
}

/** The `Idempotency-Key` header, when a client retries a request safely. */
export function idempotencyKey(request: Request): string | null {
  return request.headers.get('idempotency-key')?.trim().slice(0, 200) || null;
}

/** Whether a (possibly service-limited) principal may see what happened on this service. */
export function mayView(principal: Principal | null, serviceId: string): boolean {
  return principal !== null && withinServiceLimit(principal, serviceTarget(serviceId));
}

/** A job, or 404 when the principal may not see its service (no hint that it exists). */
export function visibleJob(principal: Principal | null, id: string): Job {
  const job = getJob(id);
  if (!mayView(principal, job.serviceId)) throw notFound(`No job with id "${id}"`);
  return job;
}
