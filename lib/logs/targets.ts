import { resolveContainerRef } from '@/lib/docker/container-ref';
import { type Engine, engine } from '@/lib/docker/engine';
import type { ContainerInfo, DockerService } from '@/lib/docker/types';
import { findServiceOfContainer, getDockerService, onServicesChanged } from '@/lib/services';
import type { LogSource } from './session';
import type { LogTarget } from './types';

/**
 * Where a service's (or one container's) logs come from: its containers as log targets, labelled
 * with the service's short name and replica number, looked up again from the inventory while following.
 */

export function containerLabel(
  svc: Pick<DockerService, 'kind' | 'name'>,
  c: Pick<ContainerInfo, 'name' | 'replica'>,
): string {
  if (c.replica === null || svc.kind === 'container') return c.name.replace(/^\//, '');
  return `${svc.name}${svc.kind === 'swarm' ? '.' : '-'}${c.replica}`;
}

export function targetsOf(svc: DockerService): LogTarget[] {
  return [...svc.containers]
    .sort((a, b) => (a.replica ?? 0) - (b.replica ?? 0) || a.createdAt.localeCompare(b.createdAt))
    .map((c) => ({
      containerId: c.id,
      name: c.name.replace(/^\//, ''),
      label: containerLabel(svc, c),
      tty: c.tty,
      running: c.state === 'running' || c.state === 'restarting',
    }));
}

export function serviceLogSource(svc: DockerService, docker: Engine = engine(svc.host)): LogSource {
  return {
    docker,
    targets: async () => targetsOf(await getDockerService(svc.id).catch(() => svc)),
    onChange: onServicesChanged,
  };
}

/** One container of a service; its id may be a unique prefix (see lib/docker/container-ref). */
export async function containerLogSource(
  containerId: string,
): Promise<{ service: DockerService; source: LogSource }> {
  const service = await findServiceOfContainer(containerId);
  const only = (svc: DockerService) => {
    const target = resolveContainerRef(targetsOf(svc), containerId, (t) => t.containerId);
    return target ? [target] : [];
  };
  return {
    service,
    source: {
      docker: engine(service.host),
      targets: async () => only(await findServiceOfContainer(containerId).catch(() => service)),
      onChange: onServicesChanged,
    },
  };
}
