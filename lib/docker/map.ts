import type Docker from 'dockerode';
import { COMPOSE, OPSDECK_OWN, SWARM } from './labels';
import {
  type ContainerHealth,
  type ContainerInfo,
  type ContainerState,
  containerHealths,
  containerStates,
} from './types';

export function parseContainerState(s: string | undefined): ContainerState {
  return (containerStates as readonly string[]).includes(s ?? '') ? (s as ContainerState) : 'dead';
}

export function parseContainerHealth(s: string | undefined): ContainerHealth {
  return (containerHealths as readonly string[]).includes(s ?? '') ? (s as ContainerHealth) : 'none';
}

const ZERO_TIME = '0001-01-01T00:00:00Z';
const time = (t: string | undefined): string | null =>
  !t || t.startsWith('0001-01-01') || t === ZERO_TIME ? null : t;

/** Engine inspect → our ContainerInfo. Everything here is engine data: untrusted text, never markup. */
export function mapInspect(c: Docker.ContainerInspectInfo): ContainerInfo {
  const labels = c.Config?.Labels ?? {};
  const health = c.State?.Health;
  const lastProbe = health?.Log?.at(-1);
  const ports: ContainerInfo['ports'] = [];
  for (const [key, bindings] of Object.entries(c.NetworkSettings?.Ports ?? {})) {
    const [port, protocol = 'tcp'] = key.split('/');
    const containerPort = Number(port);
    if (!bindings?.length) ports.push({ containerPort, hostPort: null, protocol, hostIp: null });
    for (const b of bindings ?? []) {
      ports.push({ containerPort, hostPort: Number(b.HostPort) || null, protocol, hostIp: b.HostIp || null });
    }
  }
  const replicaLabel = labels[COMPOSE.number] ?? labels[SWARM.taskName]?.split('.')[1];
  const state = parseContainerState(c.State?.Status);
  return {
    id: c.Id,
    name: c.Name.replace(/^\//, ''),
    replica: replicaLabel && /^\d+$/.test(replicaLabel) ? Number(replicaLabel) : null,
    state,
    health: health ? parseContainerHealth(health.Status) : 'none',
    image: c.Config?.Image ?? '',
    imageId: c.Image,
    startedAt: time(c.State?.StartedAt),
    finishedAt: time(c.State?.FinishedAt),
    createdAt: c.Created,
    restartCount: c.RestartCount ?? 0,
    exitCode: state === 'exited' || state === 'dead' ? (c.State?.ExitCode ?? null) : null,
    oomKilled: c.State?.OOMKilled ?? false,
    healthLog: lastProbe
      ? {
          at: lastProbe.End ?? lastProbe.Start,
          exitCode: lastProbe.ExitCode,
          output: lastProbe.Output.slice(0, 4096),
        }
      : null,
    ports,
    labels,
    tty: c.Config?.Tty ?? false,
    networkMode: c.HostConfig?.NetworkMode ?? 'default',
    configHash: labels[COMPOSE.configHash] ?? null,
  };
}

/**
 * Engine listing entry (`containers/json?all=1`) → ContainerInfo, before its inspect: what one listing
 * call tells of every container, so an inventory is complete without a call per container. The
 * fields only an inspect carries (start/finish times, restart count, OOM kill, last health output,
 * TTY) stay empty until the inspect that follows in the background replaces this entry.
 */
export function mapSummary(c: Docker.ContainerInfo): ContainerInfo {
  const labels = c.Labels ?? {};
  const replicaLabel = labels[COMPOSE.number] ?? labels[SWARM.taskName]?.split('.')[1];
  const state = parseContainerState(c.State);
  const status = c.Status ?? '';
  const exited = /^Exited \((-?\d+)\)/.exec(status);
  return {
    id: c.Id,
    name: (c.Names?.[0] ?? c.Id).replace(/^\//, ''),
    replica: replicaLabel && /^\d+$/.test(replicaLabel) ? Number(replicaLabel) : null,
    state,
    health: healthOfStatus(status),
    image: c.Image ?? '',
    imageId: c.ImageID ?? '',
    startedAt: null,
    finishedAt: null,
    createdAt: new Date((c.Created ?? 0) * 1000).toISOString(),
    restartCount: 0,
    exitCode: (state === 'exited' || state === 'dead') && exited ? Number(exited[1]) : null,
    oomKilled: false,
    healthLog: null,
    ports: (c.Ports ?? []).map((p) => ({
      containerPort: p.PrivatePort,
      hostPort: p.PublicPort || null,
      protocol: p.Type || 'tcp',
      hostIp: p.IP || null,
    })),
    labels,
    tty: false,
    networkMode: c.HostConfig?.NetworkMode ?? 'default',
    configHash: labels[COMPOSE.configHash] ?? null,
  };
}

/** The health a listing's status text carries: "Up 3 minutes (healthy)", "(health: starting)". */
function healthOfStatus(status: string): ContainerHealth {
  if (status.includes('(healthy)')) return 'healthy';
  if (status.includes('(unhealthy)')) return 'unhealthy';
  if (status.includes('(health: starting)')) return 'starting';
  return 'none';
}

/** Where a container belongs: its compose service, its swarm service, or itself. */
export type ContainerGroup =
  | { kind: 'compose'; stack: string; name: string }
  | { kind: 'swarm'; serviceId: string; name: string }
  | { kind: 'container'; stack: string; name: string }
  | { kind: 'oneoff' };

export function groupOf(info: Pick<ContainerInfo, 'labels' | 'name'>): ContainerGroup {
  const l = info.labels;
  // short-lived helpers (backups) are Opsdeck's own, never a service
  if (l[OPSDECK_OWN.helper]) return { kind: 'oneoff' };
  const swarmService = l[SWARM.serviceId];
  if (swarmService)
    return {
      kind: 'swarm',
      serviceId: swarmService,
      name: l[SWARM.serviceName] ?? swarmService,
    };
  const project = l[COMPOSE.project];
  const service = l[COMPOSE.service];
  if (project && service) {
    if ((l[COMPOSE.oneoff] ?? 'False').toLowerCase() === 'true') return { kind: 'oneoff' };
    return { kind: 'compose', stack: project, name: service };
  }
  return { kind: 'container', stack: '', name: info.name };
}

/**
 * A swarm service's stack and short name: a stack deploy prefixes the service name with
 * `<stack>_` and labels it with the namespace; a service created by hand is in stack `swarm`.
 */
export function swarmStackAndName(
  labels: Record<string, string>,
  fullName: string,
): { stack: string; name: string } {
  const namespace = labels[SWARM.stackNamespace];
  return namespace
    ? { stack: namespace, name: fullName.replace(`${namespace}_`, '') }
    : { stack: 'swarm', name: fullName };
}
