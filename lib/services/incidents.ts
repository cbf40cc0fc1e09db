import { logger } from '@/lib/log/logger';
import { servicesDb } from './schema';
import type { IncidentKind, incidentSeverities } from './schemas';

export type IncidentSeverity = (typeof incidentSeverities)[number];

/**
 * One thing that happened to a service, as every producer reports it (engine events, health
 * transitions, alerts, silences, jobs, probes, notification sends). The one path: persisted on the
 * service's timeline, then handed to every listener (notifications, live views).
 */
export interface IncidentInput {
  serviceId: string;
  kind: IncidentKind;
  summary: string;
  severity?: IncidentSeverity;
  attributes?: Record<string, unknown>;
  at?: string;
  containerId?: string | null;
  containerName?: string | null;
  /** the same key is recorded once (engine events seen live and again by the boot backfill, alerts across restarts) */
  dedupeKey?: string;
}

export interface RecordedIncident extends Required<Omit<IncidentInput, 'dedupeKey'>> {
  seq: number;
}

type Listener = (e: RecordedIncident) => void;

const MAX_SUMMARY = 500;
const PRUNE_EVERY = 200;
const holder = globalThis as unknown as {
  __opsdeckIncidents?: { listeners: Set<Listener>; sincePrune: number; retention: number };
};
function state() {
  holder.__opsdeckIncidents ??= { listeners: new Set(), sincePrune: 0, retention: 5000 };
  return holder.__opsdeckIncidents;
}

/** How many entries the timeline keeps (OPSDECK_EVENT_RETENTION), set once at wiring time. */
export function setIncidentRetention(n: number): void {
  state().retention = n;
}

const clip = (s: string) => (s.length > MAX_SUMMARY ? `${s.slice(0, MAX_SUMMARY)}…` : s);

/**
 * Records an incident event and tells the listeners. Returns null when its `dedupeKey` was already
 * recorded (then nobody is told twice). Listeners run after the caller's turn, so a slow or failing
 * listener never delays or breaks the producer.
 */
export function recordIncident(input: IncidentInput): RecordedIncident | null {
  const s = state();
  const e = {
    serviceId: input.serviceId,
    kind: input.kind,
    summary: clip(input.summary.replace(/\s+/g, ' ').trim()),
    severity: input.severity ?? 'info',
    attributes: input.attributes ?? {},
    at: input.at ?? new Date().toISOString(),
    containerId: input.containerId ?? null,
    containerName: input.containerName ?? null,
  };
  const conn = servicesDb();
  const res = conn
    .prepare(
      `INSERT OR IGNORE INTO service_events
         (service_id, container_id, container_name, kind, message, attributes, at, severity, dedupe_key)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      e.serviceId,
      e.containerId,
      e.containerName,
      e.kind,
      e.summary,
      JSON.stringify(e.attributes),
      e.at,
      e.severity,
      input.dedupeKey ?? null,
    );
  if (res.changes === 0) return null;
  if (++s.sincePrune >= PRUNE_EVERY) {
    s.sincePrune = 0;
    conn
      .prepare('DELETE FROM service_events WHERE seq <= (SELECT MAX(seq) FROM service_events) - ?')
      .run(s.retention);
  }
  const recorded: RecordedIncident = { ...e, seq: Number(res.lastInsertRowid) };
  for (const l of s.listeners) {
    setImmediate(() => {
      try {
        l(recorded);
      } catch (err) {
        logger().error({ err, kind: recorded.kind }, 'incident listener failed');
      }
    });
  }
  return recorded;
}

/** Every recorded incident event from now on (notifications, live views); returns the unsubscribe. */
export function onIncident(listener: Listener): () => void {
  state().listeners.add(listener);
  return () => state().listeners.delete(listener);
}

/** The timeline kind of a finished job: what on-call calls it, not how the job engine runs it. */
export function incidentKindOfJob(jobKind: string): IncidentKind {
  if (jobKind === 'deploy' || jobKind === 'rollback') return 'deploy';
  if (['backup', 'verify', 'restore', 'offsite-copy'].includes(jobKind)) return 'backup';
  return 'action';
}
