import { OPSDECK } from '@/lib/docker/labels';
import type { DockerService } from '@/lib/docker/types';
import type { LoadedMappingConfig } from './config-file';
import { expressionProblem } from './expression';

export const LABEL_JOB = OPSDECK.prometheusJob;
export const LABEL_QUEUE = OPSDECK.queue;
export const LABEL_QUEUE_WARN = OPSDECK.queueWarn;
export const LABEL_QUEUE_CRITICAL = OPSDECK.queueCritical;
export const LABEL_METRIC_PREFIX = OPSDECK.metricPrefix;
export const MAX_METRICS_PER_SERVICE = 12;
const METRIC_NAME = /^[A-Za-z0-9_]{1,64}$/;

/** What Prometheus should be asked about one service, from its labels (and the config file). */
export interface ServiceQueries {
  serviceId: string;
  stack: string;
  name: string;
  job: string | null;
  queue: { expr: string; warn: number | null; critical: number | null } | null;
  /** tile name → PromQL */
  metrics: Record<string, string>;
  /** label mistakes found without asking Prometheus (bad threshold, unbalanced expression) */
  problems: string[];
}

/** The labels that count for a service: its own, overridden by its config-file entry. */
export function effectiveLabels(svc: DockerService, config: LoadedMappingConfig): Record<string, string> {
  const override = config.services[`${svc.stack}/${svc.name}`];
  return override ? { ...svc.labels, ...override } : svc.labels;
}

export function serviceQueries(svc: DockerService, config: LoadedMappingConfig): ServiceQueries {
  const labels = effectiveLabels(svc, config);
  const problems: string[] = [];
  const job = labels[LABEL_JOB]?.trim() || null;

  let queue: ServiceQueries['queue'] = null;
  const queueExpr = labels[LABEL_QUEUE];
  if (queueExpr !== undefined) {
    const problem = expressionProblem(queueExpr);
    if (problem) problems.push(`${LABEL_QUEUE}: ${problem}`);
    queue = {
      expr: problem ? '' : queueExpr.trim(),
      warn: threshold(labels, LABEL_QUEUE_WARN, problems),
      critical: threshold(labels, LABEL_QUEUE_CRITICAL, problems),
    };
  }

  const metrics: Record<string, string> = {};
  const metricLabels = Object.keys(labels)
    .filter((k) => k.startsWith(LABEL_METRIC_PREFIX))
    .sort();
  for (const key of metricLabels) {
    const name = key.slice(LABEL_METRIC_PREFIX.length);
    const expr = labels[key] ?? '';
    if (!METRIC_NAME.test(name)) {
      problems.push(`${key}: tile names are letters, digits and _ (at most 64)`);
      continue;
    }
    if (Object.keys(metrics).length >= MAX_METRICS_PER_SERVICE) {
      problems.push(`${key}: more than ${MAX_METRICS_PER_SERVICE} metric tiles; ignored`);
      continue;
    }
    const problem = expressionProblem(expr);
    if (problem) problems.push(`${key}: ${problem}`);
    else metrics[name] = expr.trim();
  }
  return { serviceId: svc.id, stack: svc.stack, name: svc.name, job, queue, metrics, problems };
}

function threshold(labels: Record<string, string>, key: string, problems: string[]): number | null {
  const raw = labels[key];
  if (raw === undefined || raw.trim() === '') return null;
  const n = Number(raw);
  if (!Number.isFinite(n)) {
    problems.push(`${key}: "${raw.slice(0, 40)}" is not a number`);
    return null;
  }
  return n;
}

/** Whether a service declares anything for Prometheus at all. */
export function hasPrometheusMapping(q: ServiceQueries): boolean {
  return q.job !== null || q.queue !== null || Object.keys(q.metrics).length > 0 || q.problems.length > 0;
}

export type QueueLevel = 'ok' | 'warn' | 'critical' | 'unknown';

/** The level of a queue value against its thresholds; no value is `unknown`, never `ok`. */
export function queueLevel(value: number | null, warn: number | null, critical: number | null): QueueLevel {
  if (value === null) return 'unknown';
  if (critical !== null && value >= critical) return 'critical';
  if (warn !== null && value >= warn) return 'warn';
  return 'ok';
}
