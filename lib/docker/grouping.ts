import { serviceIdOf } from './ids';
import { groupOf, swarmStackAndName } from './map';
import type { SwarmServiceInfo } from './swarm-services';
import { type SwarmSnapshot, summariseTasks } from './swarm-state';
import type { ContainerInfo, DockerService } from './types';

const newest = (a: ContainerInfo, b: ContainerInfo) => (a.createdAt > b.createdAt ? a : b);

/**
 * Groups one host's containers into services: compose services by project/service label (one-off
 * containers excluded), swarm services from the services API with their tasks' containers, and
 * every other container as a service of its own.
 */
export function groupServices(
  host: string,
  containers: Iterable<ContainerInfo>,
  swarmServices: Iterable<SwarmServiceInfo>,
  /** the swarm's nodes and tasks as the manager reports them (null: not read yet, or not a manager) */
  swarm: SwarmSnapshot | null = null,
): DockerService[] {
  const byKey = new Map<string, DockerService>();
  const swarmById = new Map<string, SwarmServiceInfo>();
  for (const s of swarmServices) {
    swarmById.set(s.id, s);
    const { stack, name } = swarmStackAndName(s.labels, s.name);
    byKey.set(`swarm:${s.id}`, {
      id: serviceIdOf(host, stack, name),
      host,
      stack,
      name,
      kind: 'swarm',
      desired: s.mode === 'replicated' ? s.replicas : 0,
      containers: [],
      labels: s.labels,
      image: s.image.split('@')[0] ?? s.image,
      swarm: {
        serviceId: s.id,
        version: s.version,
        mode: s.mode,
        updateStatus: s.updateStatus,
        tty: s.tty,
        ...(swarm
          ? {
              tasks: summariseTasks(
                { name, mode: s.mode, replicas: s.replicas },
                swarm.tasksByService.get(s.id) ?? [],
                swarm.nodes,
              ),
            }
          : {}),
      },
      updatedAt: s.updatedAt,
    });
  }
  for (const c of containers) {
    const g = groupOf(c);
    if (g.kind === 'oneoff') continue;
    let key: string;
    if (g.kind === 'swarm') {
      key = `swarm:${g.serviceId}`;
      // Tasks of a service that no longer exists are leftovers, not a service.
      if (!swarmById.has(g.serviceId)) continue;
      // Swarm keeps a history of shut-down tasks; only current ones count as replicas.
      if (c.state !== 'running' && c.state !== 'restarting' && c.state !== 'created') continue;
    } else {
      key = `${g.kind}:${g.stack}/${g.name}`;
    }
    let svc = byKey.get(key);
    if (!svc && g.kind !== 'swarm') {
      svc = {
        id: serviceIdOf(host, g.stack, g.name),
        host,
        stack: g.stack,
        name: g.name,
        kind: g.kind,
        desired: 0,
        containers: [],
        labels: c.labels,
        image: c.image,
        updatedAt: c.createdAt,
      };
      byKey.set(key, svc);
    }
    if (!svc) continue;
    svc.containers.push(c);
  }
  const out: DockerService[] = [];
  for (const svc of byKey.values()) {
    svc.containers.sort((a, b) => (a.replica ?? 0) - (b.replica ?? 0) || a.name.localeCompare(b.name));
    if (svc.kind !== 'swarm') {
      // Compose keeps no desired count: every container of the service is meant to run.
      svc.desired = svc.containers.length;
      const latest = svc.containers.reduce(newest);
      svc.labels = latest.labels;
      svc.image = latest.image;
    } else if (svc.swarm?.mode === 'global') {
      svc.desired = svc.swarm.tasks ? svc.swarm.tasks.desired : Math.max(svc.containers.length, 1);
    }
    const times = svc.containers.flatMap((c) => [c.createdAt, c.startedAt ?? '', c.finishedAt ?? '']);
    svc.updatedAt = [svc.updatedAt, ...times].sort().at(-1) ?? svc.updatedAt;
    out.push(svc);
  }
  return out.sort((a, b) => a.stack.localeCompare(b.stack) || a.name.localeCompare(b.name));
}
