import type { EngineEvent } from '@/lib/docker/host-watcher';
import { serviceIdOf } from '@/lib/docker/ids';
import { groupOf, swarmStackAndName } from '@/lib/docker/map';
import { type IncidentSeverity, recordIncident } from './incidents';
import { servicesDb } from './schema';
import type { TimelineEvent } from './types';

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

function severityOfEvent(e: EngineEvent): IncidentSeverity {
  const action = e.action.split(':')[0]?.trim();
  if (action === 'oom') return 'critical';
  if (action === 'die') return e.exitCode ? 'warning' : 'info';
  if (action === 'health_status' && e.action.includes('unhealthy')) return 'warning';
  return 'info';
}

/** The same engine event seen live and again by the boot backfill is one entry. */
export function engineEventKey(e: EngineEvent): string {
  return `engine:${e.host}:${e.containerId}:${e.action}:${e.at}`;
}

/** True when it was new (not recorded before, live or by an earlier backfill). */
export function recordEngineEvent(e: EngineEvent): boolean {
  const id = serviceIdOfEvent(e);
  if (!id) return false;
  const recorded = recordIncident({
    serviceId: id,
    kind: 'container',
    containerId: e.containerId,
    containerName: e.containerName,
    summary: describeEvent(e),
    severity: severityOfEvent(e),
    attributes: { action: e.action, exitCode: e.exitCode },
    at: e.at,
    dedupeKey: engineEventKey(e),
  });
  return recorded !== null;
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

/**
 * The kind the older `/events` answer has always used: the engine action (`die`, `start`) for
 * container events, `job` for jobs. The incident story (`/timeline`) uses the incident kinds.
 */
function legacyKind(kind: string, attributes: Record<string, unknown>): string {
  if (kind === 'container')
    return (
      String(attributes.action ?? 'container')
        .split(':')[0]
        ?.trim() || kind
    );
  if (attributes.jobKind !== undefined && ['action', 'deploy', 'backup'].includes(kind)) return 'job';
  return kind;
}

/** The `/events` answer (the story's rows by insertion, with the kinds it has always used). */
export function listTimeline(serviceId: string, limit: number): TimelineEvent[] {
  const rows = servicesDb()
    .prepare('SELECT * FROM service_events WHERE service_id = ? ORDER BY seq DESC LIMIT ?')
    .all(serviceId, limit) as Row[];
  return rows.map((r) => {
    const attributes = JSON.parse(r.attributes) as Record<string, unknown>;
    return {
      id: `event-${r.seq}`,
      seq: r.seq,
      serviceId: r.service_id,
      containerId: r.container_id,
      containerName: r.container_name,
      kind: legacyKind(r.kind, attributes),
      message: r.message,
      attributes,
      at: r.at,
    };
  });
}
