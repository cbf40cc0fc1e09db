import { TtlCache } from '@/lib/cache/ttl';
import type { DockerService, SourceStatus } from '@/lib/docker/types';
import { statsCollector } from '@/lib/docker-stats/collector';
import { type BatchItem, batchQuery, matrixByLabel, SERVICE_LABEL } from './batch';
import { prometheusClient } from './client';
import { loadMappingConfig } from './config-file';
import { escapeRegex, promString } from './expression';
import { PromQueryError, PromUnavailableError } from './http';
import { serviceQueries } from './mapping';
import { expressionVerdicts, prometheusSnapshot } from './refresher';
import { type Points, type RangeName, ranges, type SeriesSet, type SparklinesAnswer } from './schemas';

export { type RangeName, rangeQuery, ranges } from './schemas';

function window(range: RangeName) {
  const seconds = ranges[range];
  const stepSeconds = Math.max(15, Math.round(seconds / 120));
  const end = new Date();
  return { start: new Date(end.getTime() - seconds * 1000), end, stepSeconds };
}

/**
 * The series of one service's page in ONE range query (queue, tiles, CPU and memory as labelled
 * parts of one `or`); CPU/memory come from cAdvisor-style series when Prometheus has them, else from
 * the shared Docker stats collector.
 */
export async function serviceSeries(svc: DockerService, range: RangeName): Promise<SeriesSet> {
  const q = serviceQueries(svc, loadMappingConfig());
  const w = window(range);
  const verdicts = expressionVerdicts();
  const items: BatchItem[] = [];
  const errors = new Map<string, string>();
  const add = (key: string, expr: string) => {
    const bad = verdicts.badMessage(expr);
    if (bad) errors.set(key, bad);
    else items.push({ key, expr });
  };
  if (q.queue?.expr) add('queue', q.queue.expr);
  for (const [name, expr] of Object.entries(q.metrics)) add(`metric:${name}`, expr);
  const names = svc.containers.filter((c) => c.state === 'running').map((c) => c.name);
  if (names.length > 0) {
    const selector = `{name=~${promString(names.map(escapeRegex).join('|'))}}`;
    items.push({ key: 'cpu', expr: `rate(container_cpu_usage_seconds_total${selector}[1m])` });
    items.push({ key: 'memory', expr: `container_memory_working_set_bytes${selector}` });
  }

  let byKey = new Map<string, Points>();
  let source: SourceStatus = prometheusSnapshot().prometheus;
  const client = prometheusClient();
  if (client && items.length > 0) {
    try {
      const r = await client.queryRange(batchQuery(items), w);
      byKey = matrixByLabel(r.data, SERVICE_LABEL);
      source = { status: 'ok', lastOkAt: new Date().toISOString() };
    } catch (err) {
      if (err instanceof PromQueryError) {
        for (const i of items) if (i.key !== 'cpu' && i.key !== 'memory') errors.set(i.key, err.message);
      } else if (err instanceof PromUnavailableError) {
        source = { ...source, status: source.lastOkAt ? 'stale' : 'down', error: err.message };
      } else throw err;
    }
  }

  const running = svc.containers.filter((c) => c.state === 'running').map((c) => c.id);
  const promCpu = byKey.get('cpu');
  const promMemory = byKey.get('memory');
  const docker = !promCpu?.length || !promMemory?.length ? statsCollector().watch(svc.host, running) : null;

  const metrics: SeriesSet['metrics'] = {};
  for (const name of Object.keys(q.metrics)) {
    const error = errors.get(`metric:${name}`);
    metrics[name] = { points: byKey.get(`metric:${name}`) ?? [], ...(error ? { error } : {}) };
  }
  const queueError = errors.get('queue');
  return {
    range,
    stepSeconds: w.stepSeconds,
    queue: q.queue
      ? {
          points: byKey.get('queue') ?? [],
          warn: q.queue.warn,
          critical: q.queue.critical,
          ...(queueError ? { error: queueError } : {}),
        }
      : null,
    metrics,
    cpu: promCpu?.length
      ? { points: promCpu, unit: 'cores', from: 'prometheus' }
      : { points: docker?.cpu ?? [], unit: 'cores', from: 'docker' },
    memory: promMemory?.length
      ? { points: promMemory, unit: 'bytes', from: 'prometheus' }
      : { points: docker?.memory ?? [], unit: 'bytes', from: 'docker' },
    source,
  };
}

const sparkCache = new TtlCache<Record<string, Points>>({ ttlMs: 15_000, staleIfErrorMs: 10 * 60_000 });

/** Queue sparklines of every service in ONE range query, shared by all browsers for 15 s. */
export async function queueSparklines(
  services: readonly DockerService[],
  range: RangeName,
): Promise<SparklinesAnswer> {
  const client = prometheusClient();
  if (!client)
    return {
      series: {},
      fetchedAt: null,
      stale: false,
      source: { status: 'not_configured', lastOkAt: null },
    };
  const config = loadMappingConfig();
  const verdicts = expressionVerdicts();
  const items = services
    .flatMap((svc) => {
      const expr = serviceQueries(svc, config).queue?.expr;
      return expr ? [{ key: svc.id, expr }] : [];
    })
    .filter((i) => verdicts.badMessage(i.expr) === undefined)
    .sort((a, b) => a.key.localeCompare(b.key));
  if (items.length === 0)
    return {
      series: {},
      fetchedAt: new Date().toISOString(),
      stale: false,
      source: { status: 'ok', lastOkAt: null },
    };
  const key = `${range}\u0000${batchQuery(items)}`;
  try {
    const r = await sparkCache.get(key, async () => {
      const w = window(range);
      const res = await client.queryRange(batchQuery(items), w);
      return Object.fromEntries(matrixByLabel(res.data, SERVICE_LABEL));
    });
    const fetchedAt = r.fetchedAt.toISOString();
    return {
      series: r.data,
      fetchedAt,
      stale: r.stale,
      source: r.stale
        ? { status: 'stale', lastOkAt: fetchedAt, error: r.error }
        : { status: 'ok', lastOkAt: fetchedAt },
    };
  } catch (err) {
    if (!(err instanceof PromUnavailableError || err instanceof PromQueryError)) throw err;
    return {
      series: {},
      fetchedAt: null,
      stale: false,
      source: { status: 'down', lastOkAt: null, error: err.message },
    };
  }
}
