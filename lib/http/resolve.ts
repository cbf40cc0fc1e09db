import {
  canAdmin,
  canExec,
  canOperate,
  canRead,
  canReadWall,
  type ServiceTarget,
  withinServiceLimit,
} from '@/lib/auth/permissions';
import type { Principal } from '@/lib/auth/types';
import { backupTarget } from '@/lib/backups/route-support';
import type { OperationSpec, Resolve } from '@/lib/contract/operation';
import type { DockerService } from '@/lib/docker/types';
import { forbidden, notFound } from '@/lib/errors';
import { getJob } from '@/lib/jobs/engine';
import type { Job } from '@/lib/jobs/types';
import {
  findServiceOfContainer,
  getDockerService,
  namedContainer,
  namedService,
  targetOf,
} from '@/lib/services';

/** What `resolve` found: the handler gets `service` (reads by service or container) or `job`. */
export interface Resolved {
  target: ServiceTarget | undefined;
  service?: DockerService;
  job?: Job;
}

interface Parsed {
  params: unknown;
  query: unknown;
  body: unknown;
}

/** Whether the principal's scopes allow the operation at all (the service limit is `enforceLimit`). */
export function hasScope(permission: OperationSpec['permission'], p: Principal): boolean {
  switch (permission) {
    case 'public':
    case 'authenticated':
      return true;
    case 'wall':
      return canReadWall(p);
    case 'read':
      return canRead(p);
    case 'operate':
      return canOperate({ ...p, services: null });
    case 'admin':
      return canAdmin(p);
    case 'exec':
      return canExec({ ...p, services: null });
  }
}

function field(from: unknown, key: string): string | undefined {
  const v = from && typeof from === 'object' ? (from as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Finds what the operation touches, once: a read's service is looked up (404), a write's only named. */
export async function resolveTarget(r: Resolve | undefined, input: Parsed): Promise<Resolved> {
  if (!r) return { target: undefined };
  if ('service' in r) {
    const service = await getDockerService(field(input.params, r.service) ?? '');
    return { target: targetOf(service), service };
  }
  if ('container' in r) {
    const service = await findServiceOfContainer((field(input.params, r.container) ?? '').toLowerCase());
    return { target: targetOf(service), service };
  }
  if ('job' in r) {
    const job = getJob(field(input.params, r.job) ?? '');
    return { target: namedService(job.serviceId), job };
  }
  if (r.names === 'service') {
    const id = field(input[r.in ?? 'params'], r.field);
    return { target: id ? namedService(id) : undefined };
  }
  const ref = field(input.params, r.field) ?? '';
  return { target: r.names === 'container' ? namedContainer(ref) : backupTarget(ref) };
}

/**
 * Who may touch or read a service — decided here and nowhere else. A principal without a service
 * limit may touch every service; for a limited one (an API token with `services`):
 * - `operate`: the request must name a service within the limit, else 403 — also when it names none
 *   or an unknown one (a limited token says which service it acts on; nothing is looked up first);
 * - `admin` (restore, delete, download a backup): a named service outside the limit is 403; an
 *   unknown backup goes on to the handler's 404;
 * - every read that resolves a service (by id, container, job or backup) is limited: labels, health
 *   output, timelines, metrics and backups of other services are as secret as their logs. The
 *   operation's `resolve.limit` says how: `refuse` (403, after the 404 of an unknown service) or, by
 *   default, `hide` (404, as if it did not exist). A read naming nothing known (an unknown backup)
 *   goes on to the handler's 404. Reads that resolve nothing are lists: they filter with `visibleTo`.
 */
export function enforceLimit(op: OperationSpec, p: Principal, resolved: Resolved, input: Parsed): void {
  if (p.services === null) return;
  const { target } = resolved;
  if (op.permission === 'operate' || op.permission === 'exec') {
    if (!withinServiceLimit(p, target)) throw forbidden();
    return;
  }
  if (op.permission === 'admin') {
    if (target && !withinServiceLimit(p, target)) throw forbidden();
    return;
  }
  const r = op.resolve;
  if (!r || withinServiceLimit(p, target)) return;
  if ('names' in r && !target) return; // nothing known is named: the handler answers 404
  const limit = 'limit' in r && r.limit ? r.limit : 'hide';
  if (limit !== 'hide') throw forbidden(limit.refuse);
  if (r && 'job' in r) throw notFound(`No job with id "${field(input.params, r.job)}"`);
  throw notFound('Not found');
}

/** Whether a (possibly service-limited) principal may see what happened on this service; for lists. */
export function visibleTo(principal: Principal | null): (serviceId: string) => boolean {
  return (serviceId) => principal !== null && withinServiceLimit(principal, namedService(serviceId));
}
