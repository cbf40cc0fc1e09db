import type { EngineEvent } from '@/lib/docker/host-watcher';
import { serviceIdOf } from '@/lib/docker/ids';
import { groupOf, swarmStackAndName } from '@/lib/docker/map';
import { servicesDb } from './schema';
import type { TimelineEvent } from './types';

const PRUNE_EVERY = 200;
let insertsSincePrune = 0;

/** The service an engine event belongs to, from the labels the engine puts on every container event. */
export function serviceIdOfEvent(e: EngineEvent): string | null {
  const g = groupOf({ labels: e.labels, name: e.containerName });
  if (g.kind === 'oneoff') return null;
  if (g.kind === 'swarm') {
    const { stack, name } = swarmStackAndName(e.labels, g.name);
    return serviceIdOf(e.host, stack, name);
  }
  return serviceIdOf(e.host, g.stack, g.name);
}

function describeEvent(e: EngineEvent): string {
  const [action, detail] = e.action.split(':').map((s) => s.trim());
  switch (action) {
    case 'die':
      return `${e.containerName} exited with code ${e.exitCode ?? '?'}`;
    case 'oom':
      return `${e.containerName} ran out of memory`;
    case 'health_status':
      return `${e.containerName} is ${detail ?? 'unknown'}`;
    default:
      return `${e.containerName}: ${action}`;
  }
}

export function recordEngineEvent(e: EngineEvent, retention: number): void {
  const id = serviceIdOfEvent(e);
  if (!id) return;
  recordTimelineEvent(
    {
      serviceId: id,
      containerId: e.containerId,
      containerName: e.containerName,
      kind: e.action.split(':')[0]?.trim() ?? e.action,
      message: describeEvent(e),
      attributes: { action: e.action, exitCode: e.exitCode },
      at: e.at,
    },
    retention,
  );
}

/** Appends to a service's timeline; other modules (jobs, backups, audit) record theirs here too. */
export function recordTimelineEvent(e: Omit<TimelineEvent, 'seq' | 'id'>, retention = 5000): void {
  const conn = servicesDb();
  conn
    .prepare(
      'INSERT INTO service_events (service_id, container_id, container_name, kind, message, attributes, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    .run(e.serviceId, e.containerId, e.containerName, e.kind, e.message, JSON.stringify(e.attributes), e.at);
  if (++insertsSincePrune >= PRUNE_EVERY) {
    insertsSincePrune = 0;
    conn
      .prepare('DELETE FROM service_events WHERE seq <= (SELECT MAX(seq) FROM service_events) - ?')
      .run(retention);
  }
}

interface Row {
  seq: number;
  service_id: string;
  container_id: string | null;
  container_name: string | null;
  kind: string;
  message: string;
  attributes: string;
  at: string;
}

export function listTimeline(serviceId: string, limit: number): TimelineEvent[] {
  const rows = servicesDb()
    .prepare('SELECT * FROM service_events WHERE service_id = ? ORDER BY seq DESC LIMIT ?')
    .all(serviceId, limit) as Row[];
  return rows.map((r) => ({
    id: `event-${r.seq}`,
    seq: r.seq,
    serviceId: r.service_id,
    containerId: r.container_id,
    containerName: r.container_name,
    kind: r.kind,
    message: r.message,
    attributes: JSON.parse(r.attributes) as Record<string, unknown>,
    at: r.at,
  }));
}
