import type { Principal } from '@/lib/auth/types';
import { forbidden } from '@/lib/errors';

/** Disk usage and prune span every service of a host: a token limited to some services is refused. */
export function assertHostWide(principal: Principal | null): void {
  if (principal?.services)
    throw forbidden('this is host-wide: a token limited to some services cannot use it');
}
