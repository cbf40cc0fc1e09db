import { findContainer } from '@/lib/docker/container-ref';
import { inventory } from '@/lib/docker/inventory';
import type { ContainerInfo, DockerService } from '@/lib/docker/types';
import { conflict, notFound } from '@/lib/errors';
import { assertNotOpsdeck } from '@/lib/services/self';

export interface ExecTarget {
  service: DockerService;
  container: ContainerInfo;
}

/**
 * The container a terminal or a command runs in: a known replica (full id or unambiguous prefix) of
 * a service that is not Opsdeck itself (403; the socket proxy refuses it too), and running (409).
 */
export async function execTarget(ref: string): Promise<ExecTarget> {
  const inv = inventory();
  await inv.ready();
  const found = findContainer(inv.services(), ref.toLowerCase());
  if (!found) throw notFound(`No container with id "${ref}"`);
  assertNotOpsdeck(found.service);
  if (found.container.state !== 'running')
    throw conflict(`The container ${found.container.name} is ${found.container.state}, not running`);
  return found;
}

/** An engine error's status (dockerode sets statusCode), for telling "not running" (409) apart. */
export function engineStatus(err: unknown): number | undefined {
  return (err as { statusCode?: number } | null)?.statusCode;
}
