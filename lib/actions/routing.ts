import type { ServiceTarget } from '@/lib/auth/permissions';
import { parseServiceId } from '@/lib/docker/ids';
import { inventory } from '@/lib/docker/inventory';

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
