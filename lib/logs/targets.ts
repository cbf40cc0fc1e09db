import { resolveContainerRef } from '@/lib/docker/container-ref';
import { type Engine, engine } from '@/lib/docker/engine';
import type { SwarmTaskInfo } from '@/lib/docker/swarm-state';
import type { ContainerInfo, DockerService } from '@/lib/docker/types';
import { findServiceOfContainer, getDockerService, onServicesChanged, swarmSnapshotOf } from '@/lib/services';
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

/** `web.2@node-1`: a swarm task's log label (global services: `web@node-1`). */
export function taskLabel(serviceName: string, t: Pick<SwarmTaskInfo, 'slot' | 'node' | 'nodeId'>): string {
  const node = t.node ?? t.nodeId?.slice(0, 12) ?? '?';
  return t.slot !== null ? `${serviceName}.${t.slot}@${node}` : `${serviceName}@${node}`;
}

/** The tasks meant to run of a swarm service, as log targets (a `container` filter picks among them). */
export function swarmTargetsOf(svc: DockerService): LogTarget[] {
  return (svc.swarm?.tasks?.tasks ?? []).map((t) => ({
    containerId: t.containerId ?? t.id,
    taskId: t.id,
    name: `${svc.name}.${t.slot ?? t.nodeId ?? ''}.${t.id}`,
    label: taskLabel(svc.name, t),
    tty: svc.swarm?.tty === true,
    running: t.state === 'running',
  }));
}

/**
 * A swarm service whose manager's tasks are known reads its logs through the manager, so replicas on
 * other nodes are included; labels come from the manager's task list (history included).
 */
function swarmLogSource(svc: DockerService, docker: Engine): LogSource {
  const serviceId = svc.swarm?.serviceId ?? '';
  let labels = new Map<string, string>();
  let builtAt = 0;
  const build = () => {
    builtAt = Date.now();
    const snap = swarmSnapshotOf(svc.host);
    const nodes = new Map((snap?.nodes ?? []).map((n) => [n.id, n.label]));
    labels = new Map((snap?.tasksByService.get(serviceId) ?? []).map((t) => [t.id, taskLabel(svc.name, t)]));
    return nodes;
  };
  let nodes = build();
  return {
    docker,
    targets: async () => swarmTargetsOf(await getDockerService(svc.id).catch(() => svc)),
    onChange: onServicesChanged,
    swarm: {
      serviceId,
      tty: svc.swarm?.tty === true,
      label: (taskId, nodeId) => {
        let found = labels.get(taskId);
        // a task newer than the list: look again (at most once a second)
        if (!found && Date.now() - builtAt > 1000) {
          nodes = build();
          found = labels.get(taskId);
        }
        return found ?? `${svc.name}.?@${nodes.get(nodeId) ?? (nodeId.slice(0, 12) || '?')}`;
      },
    },
  };
}

export function serviceLogSource(svc: DockerService, docker: Engine = engine(svc.host)): LogSource {
  if (svc.kind === 'swarm' && svc.swarm?.tasks) return swarmLogSource(svc, docker);
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
