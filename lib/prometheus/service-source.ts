import { OPSDECK } from '@/lib/docker/labels';
import type { DockerService } from '@/lib/docker/types';
import type { Reason } from '@/lib/health/types';
import { registerServiceSource, type ServiceContribution } from '@/lib/services/sources';
import type { QueueState } from '@/lib/services/types';
import { severityRank } from './alerts';
import { loadMappingConfig } from './config-file';
import { hasPrometheusMapping, queueLevel, serviceQueries } from './mapping';
import { type PrometheusSnapshot, prometheusSnapshot } from './refresher';

/** Plugs Prometheus into the Service object: queue, metric tiles, alert counts, `up`, and reasons. */
export function registerPrometheusSource(): void {
  registerServiceSource({
    name: 'prometheus',
    contribute: (svc) => prometheusContribution(svc, prometheusSnapshot()),
    status: () => prometheusSnapshot().prometheus,
  });
  registerServiceSource({
    name: 'alertmanager',
    contribute: () => ({}),
    status: () => prometheusSnapshot().alertmanager,
  });
}

export function prometheusContribution(svc: DockerService, snap: PrometheusSnapshot): ServiceContribution {
  const queries = serviceQueries(svc, loadMappingConfig());
  const reasons: Reason[] = [];
  const alerts = snap.alertsByService.get(svc.id) ?? [];
  const counts = {
    firing: alerts.filter((a) => a.state === 'firing').length,
    pending: alerts.filter((a) => a.state === 'pending').length,
  };
  for (const a of alerts) {
    if (a.state !== 'firing') continue;
    const summary = a.annotations.summary ?? a.annotations.description ?? '';
    const silenced = a.silencedBy.length > 0;
    reasons.push({
      code: 'alert_firing',
      // a silenced alert is acknowledged: still shown, no longer making the service worse
      severity: silenced ? 'info' : alertSeverity(a.severity),
      message: `Alert ${a.name} firing${silenced ? ' (silenced)' : ''}${summary ? `: ${summary.slice(0, 200)}` : ''}`,
    });
  }
  if (!hasPrometheusMapping(queries)) {
    return { fields: { queue: null, metrics: {}, alerts: counts, up: null }, reasons };
  }
  for (const problem of queries.problems) {
    reasons.push({ code: 'prometheus_bad_query', severity: 'warning', message: problem });
  }

  const prom = snap.prometheus;
  const live = prom.status === 'ok';
  const values = live ? snap.values.get(svc.id) : undefined;
  if (prom.status === 'stale' || prom.status === 'down') {
    const since = prom.lastOkAt ? `last data at ${prom.lastOkAt}` : 'no data received yet';
    reasons.push({
      code: 'prometheus_unavailable',
      severity: 'info',
      message: `Prometheus unreachable; ${since}`,
    });
  }

  let queue: QueueState | null = null;
  if (queries.queue) {
    const r = values?.queue;
    if (r?.error) reasons.push(badQueryReason(OPSDECK.queue, r.error));
    // unreachable or no data: the value is unknown, never 0
    const value = r?.value ?? null;
    const { warn, critical } = queries.queue;
    const level = queueLevel(value, warn, critical);
    queue = { value, warn, critical, level, fetchedAt: live && value !== null ? prom.lastOkAt : null };
    if (level === 'critical') {
      reasons.push({
        code: 'queue_critical',
        severity: 'critical',
        message: `Queue ${value} ≥ critical ${critical}`,
      });
    } else if (level === 'warn') {
      reasons.push({ code: 'queue_warn', severity: 'warning', message: `Queue ${value} ≥ warning ${warn}` });
    }
  }

  const metrics: Record<string, { value: number | null; fetchedAt: string | null }> = {};
  for (const name of Object.keys(queries.metrics)) {
    const r = values?.metrics[name];
    if (r?.error) reasons.push(badQueryReason(`opsdeck.metric.${name}`, r.error));
    metrics[name] = { value: r?.value ?? null, fetchedAt: live && r?.value != null ? prom.lastOkAt : null };
  }

  const up = values?.up ?? null;
  if (up === false) {
    reasons.push({
      code: 'target_down',
      severity: 'critical',
      message: `Prometheus job ${queries.job}: a target is down (up == 0)`,
    });
  }
  return { fields: { queue, metrics, alerts: counts, up }, reasons };
}

function badQueryReason(label: string, message: string): Reason {
  return { code: 'prometheus_bad_query', severity: 'warning', message: `${label}: ${message.slice(0, 300)}` };
}

function alertSeverity(severity: string): Reason['severity'] {
  const rank = severityRank(severity);
  if (rank >= 3) return 'critical';
  if (rank === 1) return 'info';
  return 'warning';
}
