import { inventory } from '@/lib/docker/inventory';
import type { DockerService, SourceStatus } from '@/lib/docker/types';
import { logger } from '@/lib/log/logger';
import { listDockerServices } from '@/lib/services';
import { type IncidentInput, recordIncident } from '@/lib/services/incidents';
import { notifySourceChanged } from '@/lib/services/sources';
import { alertmanagerClient, type Silence } from './alertmanager';
import { AlertOwnerIndex, type AlertView, toAlertViews } from './alerts';
import {
  type BatchItem,
  ExpressionVerdicts,
  type ItemResult,
  runBatch,
  upQuery,
  vectorByLabel,
} from './batch';
import { type PromAlert, PromQueryError, prometheusClient } from './client';
import { loadMappingConfig } from './config-file';
import { alertTransitions, silenceTransitions } from './incident-transitions';
import { type ServiceQueries, serviceQueries } from './mapping';
import { prometheusMetrics } from './metrics';

export interface ServiceValues {
  queue: ItemResult | null;
  /** false when any target of its job is down; null when it declares no job or the job has no target */
  up: boolean | null;
  metrics: Record<string, ItemResult>;
}

/** The last refresh: values as of `prometheus.lastOkAt`, and each source's status. */
export interface PrometheusSnapshot {
  attemptedAt: string | null;
  prometheus: SourceStatus;
  alertmanager: SourceStatus;
  values: Map<string, ServiceValues>;
  queries: Map<string, ServiceQueries>;
  alerts: AlertView[];
  /** the same alerts by service id, so each service's contribution is a lookup */
  alertsByService: Map<string, AlertView[]>;
  silences: Silence[];
  warnings: string[];
  configError: string | null;
}

export interface RefresherOptions {
  intervalMs?: number;
  /** where the service list comes from; the engine inventory (once it has listed) by default */
  services?: () => DockerService[] | Promise<DockerService[]>;
  /** calls back when the service list changes, so new services get their data without waiting */
  onServicesChanged?: (listener: () => void) => () => void;
}

interface State {
  snapshot: PrometheusSnapshot;
  verdicts: ExpressionVerdicts;
  options: Required<RefresherOptions>;
  inflight?: Promise<PrometheusSnapshot>;
  timer?: ReturnType<typeof setInterval>;
  unsubscribe?: () => void;
  pendingChange?: ReturnType<typeof setTimeout>;
  digest: string;
}

const DEFAULT_INTERVAL_MS = 5000;
const CHANGE_DEBOUNCE_MS = 1000;
const holder = globalThis as unknown as { __opsdeckPrometheus?: State };

function initialStatus(configured: boolean): SourceStatus {
  return configured
    ? { status: 'down', lastOkAt: null, error: 'not queried yet' }
    : { status: 'not_configured', lastOkAt: null };
}

function state(): State {
  holder.__opsdeckPrometheus ??= {
    snapshot: {
      attemptedAt: null,
      prometheus: initialStatus(prometheusClient() !== null),
      alertmanager: initialStatus(alertmanagerClient() !== null),
      values: new Map(),
      queries: new Map(),
      alerts: [],
      alertsByService: new Map(),
      silences: [],
      warnings: [],
      configError: null,
    },
    verdicts: new ExpressionVerdicts(),
    options: {
      intervalMs: DEFAULT_INTERVAL_MS,
      services: listDockerServices,
      onServicesChanged: (listener) => {
        const inv = inventory();
        inv.on('change', listener);
        return () => inv.off('change', listener);
      },
    },
    digest: '',
  };
  return holder.__opsdeckPrometheus;
}

/** Starts the background refresh loop once per process; later calls only update the options. */
export function startPrometheusRefresher(options: RefresherOptions = {}): void {
  const s = state();
  s.options = { ...s.options, ...options };
  if (s.timer) clearInterval(s.timer);
  s.timer = setInterval(() => {
    refreshPrometheus().catch((err) => logger().error({ err }, 'prometheus refresh failed'));
  }, s.options.intervalMs);
  s.timer.unref?.();
  s.unsubscribe?.();
  // a burst of engine events costs one refresh, at most one a second
  s.unsubscribe = s.options.onServicesChanged(() => {
    s.pendingChange ??= setTimeout(() => {
      s.pendingChange = undefined;
      refreshPrometheus().catch((err) => logger().error({ err }, 'prometheus refresh failed'));
    }, CHANGE_DEBOUNCE_MS);
  });
  void refreshPrometheus().catch((err) => logger().error({ err }, 'prometheus refresh failed'));
}

export function stopPrometheusRefresher(): void {
  const s = holder.__opsdeckPrometheus;
  if (s?.timer) clearInterval(s.timer);
  if (s?.pendingChange) clearTimeout(s.pendingChange);
  s?.unsubscribe?.();
  holder.__opsdeckPrometheus = undefined;
}

/** What Prometheus said about individual expressions, shared with the range queries. */
export function expressionVerdicts(): ExpressionVerdicts {
  return state().verdicts;
}

export function prometheusSnapshot(): PrometheusSnapshot {
  return state().snapshot;
}

/** The snapshot, refreshed first when older than `maxAgeMs` (for routes, should the loop not run). */
export async function freshPrometheusSnapshot(
  maxAgeMs = 2 * state().options.intervalMs,
): Promise<PrometheusSnapshot> {
  const s = state();
  const at = s.snapshot.attemptedAt ? Date.parse(s.snapshot.attemptedAt) : 0;
  if (Date.now() - at <= maxAgeMs) return s.snapshot;
  return refreshPrometheus();
}

/** One refresh (single-flight): O(1) Prometheus requests whatever the number of services. */
export function refreshPrometheus(): Promise<PrometheusSnapshot> {
  const s = state();
  s.inflight ??= refreshOnce(s).finally(() => {
    s.inflight = undefined;
  });
  return s.inflight;
}

async function refreshOnce(s: State): Promise<PrometheusSnapshot> {
  prometheusMetrics().refreshes.inc();
  const now = new Date().toISOString();
  const config = loadMappingConfig();
  const services = await s.options.services();
  const queries = new Map(services.map((svc) => [svc.id, serviceQueries(svc, config)]));
  const prev = s.snapshot;
  const [prom, am] = await Promise.all([queryPrometheus(s, [...queries.values()]), querySilences()]);

  const prometheus = nextStatus(prev.prometheus, prom, now);
  const alertmanager = nextStatus(prev.alertmanager, am, now);
  const values = prom.ok ? prom.values : prev.values;
  const silences = am.ok ? am.silences : prev.silences;
  const owners = new AlertOwnerIndex([...queries.values()]);
  const alerts = prom.ok ? toAlertViews(prom.alerts, owners, silences) : prev.alerts;

  recordTransitions(prom.ok ? alertTransitions(prev.alerts, alerts, now) : []);
  recordTransitions(am.ok ? silenceTransitions(prev.silences, silences, owners, now) : []);

  s.snapshot = {
    attemptedAt: now,
    prometheus,
    alertmanager,
    values,
    queries,
    alerts,
    alertsByService: byService(alerts),
    silences,
    warnings: prom.ok ? prom.warnings : prev.warnings,
    configError: config.error,
  };
  const digest = JSON.stringify([
    prometheus.status,
    alertmanager.status,
    [...values],
    alerts.map((a) => [a.fingerprint, a.state, a.serviceId, a.silencedBy]),
    config.error,
  ]);
  if (digest !== s.digest) {
    s.digest = digest;
    notifySourceChanged();
  }
  return s.snapshot;
}

/** Alerts and silences on their services' timelines; a failed write never stops the refresh. */
function recordTransitions(list: IncidentInput[]): void {
  for (const t of list) {
    try {
      recordIncident(t);
    } catch (err) {
      logger().error({ err, kind: t.kind }, 'could not record on the timeline');
    }
  }
}

type Outcome<T> = ({ ok: true } & T) | { ok: false; error: string; notConfigured?: boolean };

function nextStatus(prev: SourceStatus, outcome: Outcome<object>, now: string): SourceStatus {
  if (outcome.ok) return { status: 'ok', lastOkAt: now };
  if (outcome.notConfigured) return { status: 'not_configured', lastOkAt: null };
  return { status: prev.lastOkAt ? 'stale' : 'down', lastOkAt: prev.lastOkAt, error: outcome.error };
}

async function querySilences(): Promise<Outcome<{ silences: Silence[] }>> {
  const am = alertmanagerClient();
  if (!am) return { ok: false, error: 'not configured', notConfigured: true };
  try {
    return { ok: true, silences: await am.silences() };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

async function queryPrometheus(
  s: State,
  queries: ServiceQueries[],
): Promise<Outcome<{ values: Map<string, ServiceValues>; alerts: PromAlert[]; warnings: string[] }>> {
  const client = prometheusClient();
  if (!client) return { ok: false, error: 'not configured', notConfigured: true };
  const queueItems: BatchItem[] = [];
  const metricItems = new Map<string, BatchItem[]>();
  for (const q of queries) {
    if (q.queue?.expr) queueItems.push({ key: q.serviceId, expr: q.queue.expr });
    for (const [name, expr] of Object.entries(q.metrics)) {
      const list = metricItems.get(name) ?? [];
      list.push({ key: q.serviceId, expr });
      metricItems.set(name, list);
    }
  }
  const jobs = queries.flatMap((q) => (q.job ? [q.job] : []));
  try {
    const [queue, up, alerts, ...metricResults] = await Promise.all([
      queueItems.length ? runBatch(client, queueItems, s.verdicts) : undefined,
      // a refused `up` query leaves `up` unknown; it must not mark Prometheus unreachable
      jobs.length ? client.query(upQuery(jobs)).catch(ignoreQueryError) : undefined,
      client.alerts(),
      ...[...metricItems.values()].map((items) => runBatch(client, items, s.verdicts)),
    ]);
    const upByJob = up ? vectorByLabel(up.data, 'job') : new Map<string, number | null>();
    const metricNames = [...metricItems.keys()];
    const values = new Map<string, ServiceValues>();
    for (const q of queries) {
      const upValue = q.job ? upByJob.get(q.job) : undefined;
      const metrics: Record<string, ItemResult> = {};
      metricNames.forEach((name, i) => {
        const r = metricResults[i]?.results.get(q.serviceId);
        if (r) metrics[name] = r;
      });
      values.set(q.serviceId, {
        queue: q.queue ? (queue?.results.get(q.serviceId) ?? { value: null }) : null,
        up: upValue === undefined || upValue === null ? null : upValue > 0,
        metrics,
      });
    }
    const warnings = [
      ...(queue?.warnings ?? []),
      ...(up?.warnings ?? []),
      ...alerts.warnings,
      ...metricResults.flatMap((m) => m.warnings),
    ];
    return { ok: true, values, alerts: alerts.data, warnings: [...new Set(warnings)] };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

function ignoreQueryError(err: unknown): undefined {
  if (err instanceof PromQueryError) {
    logger().warn({ err: err.message }, 'prometheus refused the up query');
    return undefined;
  }
  throw err;
}

function byService(alerts: AlertView[]): Map<string, AlertView[]> {
  const out = new Map<string, AlertView[]>();
  for (const a of alerts) {
    if (!a.serviceId) continue;
    const list = out.get(a.serviceId) ?? [];
    list.push(a);
    out.set(a.serviceId, list);
  }
  return out;
}
