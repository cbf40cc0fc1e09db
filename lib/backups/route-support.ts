import type { ServiceTarget } from '@/lib/auth/permissions';
import type { Principal } from '@/lib/auth/types';
import { findBackup } from './catalog';
import type { JobRequest } from './jobs';

/** The token-limit target of a `/backups/{id}` route: the backup's service (unknown id: none). */
export function backupTarget(id: string): ServiceTarget | undefined {
  const b = findBackup(id);
  return b ? { id: b.serviceId, stack: b.service.stack, name: b.service.name } : undefined;
}

export function jobRequest(input: {
  principal: Principal | null;
  requestId: string;
  request: Request;
}): JobRequest {
  return {
    actor: input.principal?.name ?? 'anonymous',
    requestId: input.requestId,
    idempotencyKey: input.request.headers.get('idempotency-key')?.trim().slice(0, 200) || null,
  };
}
