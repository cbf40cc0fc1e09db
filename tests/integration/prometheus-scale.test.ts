/**
 * The batching promise at scale, against a real Prometheus and 100 real labelled services: a refresh
 * costs the same number of Prometheus requests at 10 and at 100 services, sparklines for all cost
 * one, and the services API with Prometheus data stays fast. bench/prometheus.mjs measures the same
 * against the production server; this keeps the property from regressing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { inventory } from '@/lib/docker/inventory';
import { requestCount } from '@/lib/prometheus/metrics';
import {
  refreshPrometheus,
  startPrometheusRefresher,
  stopPrometheusRefresher,
} from '@/lib/prometheus/refresher';
import { registerPrometheusSource } from '@/lib/prometheus/service-source';
import { call, json, mintToken } from '../support/api';
import { docker, removeByPrefix, tempDataDir, waitFor } from '../support/engine';
import {
  type MetricsEndpoint,
  type PromStack,
  startMetricsEndpoint,
  startPromStack,
} from '../support/prometheus';

process.env.OPSDECK_DATA_DIR = tempDataDir();
resetEnvCache();
const servicesRoute = await import('@/app/api/v1/services/route');
const sparklinesRoute = await import('@/app/api/v1/queues/sparklines/route');

const PROJECT = 'promscale';
const JOB = 'promscale-worker';
const N = 100;
const names = Array.from({ length: N }, (_, i) => `s${String(i).padStart(3, '0')}`);
let stack: PromStack;
let endpoint: MetricsEndpoint;

const ours = () =>
  inventory()
    .services()
    .filter((s) => s.stack === PROJECT);

async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<unknown>) {
  let i = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (i < items.length) {
        const item = items[i++] as T;
        await fn(item);
      }
    }),
  );
}

beforeAll(async () => {
  endpoint = await startMetricsEndpoint();
  for (const [i, name] of names.entries()) {
    endpoint.set(JOB, 'queue_size', i, { service: name });
    endpoint.set(JOB, 'errors_total', i * 2, { service: name });
  }
  stack = await startPromStack({ jobs: [{ job: JOB, port: endpoint.port }], rulesYaml: 'groups: []\n' });
  process.env.PROMETHEUS_URL = stack.prometheusUrl;
  process.env.ALERTMANAGER_URL = stack.alertmanagerUrl;
  resetEnvCache();
  stopPrometheusRefresher();
  const existing = new Set(
    (
      await docker(
        'ps',
        '-a',
        '--filter',
        `label=com.docker.compose.project=${PROJECT}`,
        '--format',
        '{{.Names}}',
      )
    ).split('\n'),
  );
  await pool(
    names.filter((n) => !existing.has(`${PROJECT}_${n}_1`)),
    4,
    (name) =>
      docker(
        'run',
        '-d',
        '--network',
        'none',
        '--name',
        `${PROJECT}_${name}_1`,
        '--label',
        `com.docker.compose.project=${PROJECT}`,
        '--label',
        `com.docker.compose.service=${name}`,
        '--label',
        'com.docker.compose.container-number=1',
        '--label',
        `opsdeck.prometheus.job=${JOB}`,
        '--label',
        `opsdeck.queue=sum(queue_size{job="${JOB}",service="${name}"})`,
        '--label',
        'opsdeck.queue.warn=50',
        '--label',
        'opsdeck.queue.critical=90',
        '--label',
        `opsdeck.metric.errors=sum(errors_total{job="${JOB}",service="${name}"})`,
        'opsdeck-demo/busybox:1',
        'sleep',
        '86400',
      ),
  );
  await inventory().ready();
  await waitFor(
    `${N} services in the inventory`,
    () => (ours().length === N ? true : undefined),
    60_000,
    250,
  );
  registerPrometheusSource();
}, 300_000);

afterAll(async () => {
  stopPrometheusRefresher();
  await removeByPrefix(PROJECT);
  await stack?.stop();
  await endpoint?.close();
}, 120_000);

async function requestsPerRefresh(count: number): Promise<number> {
  const subset = () =>
    ours()
      .sort((a, b) => a.name.localeCompare(b.name))
      .slice(0, count);
  startPrometheusRefresher({ intervalMs: 3_600_000, services: subset, onServicesChanged: () => () => {} });
  await waitFor(
    `queue values for ${count} services`,
    async () => {
      const snap = await refreshPrometheus();
      return [...snap.values.values()].filter((v) => v.queue?.value !== null).length === count
        ? true
        : undefined;
    },
    30_000,
  );
  const before = await requestCount();
  await refreshPrometheus();
  return (await requestCount()) - before;
}

describe(`Prometheus at ${N} services`, () => {
  it('costs the same number of requests per refresh at 10 and at 100 services', async () => {
    const at10 = await requestsPerRefresh(10);
    const at100 = await requestsPerRefresh(N);
    console.log(
      `[scale] Prometheus+Alertmanager requests per refresh: 10 services → ${at10}, ${N} → ${at100}`,
    );
    expect(at100).toBe(at10);
    expect(at100).toBe(5); // queue, up, errors tile, alerts + Alertmanager silences
  });

  it('answers the services API with Prometheus data quickly, and all sparklines in one request', async () => {
    const token = mintToken(['read']);
    const times: number[] = [];
    let body: { services: { stack: string; queue: { value: number | null; level: string } | null }[] } = {
      services: [],
    };
    for (let i = 0; i < 60; i++) {
      const t = performance.now();
      const res = await call(servicesRoute.GET, '/api/v1/services', { token });
      body = await json(res);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const p50 = times[Math.floor(times.length / 2)] ?? Number.NaN;
    const p95 = times[Math.floor(times.length * 0.95)] ?? Number.NaN;
    const mine = body.services.filter((s) => s.stack === PROJECT);
    expect(mine).toHaveLength(N);
    expect(mine.every((s) => s.queue?.value !== null)).toBe(true);
    expect(mine.filter((s) => s.queue?.level === 'critical')).toHaveLength(N - 90);

    const before = await requestCount('query_range');
    const spark = await json<{ series: Record<string, unknown[]> }>(
      await call(sparklinesRoute.GET, '/api/v1/queues/sparklines', { token: mintToken(['display']) }),
    );
    const sparkRequests = (await requestCount('query_range')) - before;
    expect(sparkRequests).toBe(1);
    expect(Object.keys(spark.series).length).toBeGreaterThanOrEqual(N);
    console.log(
      `[scale] GET /api/v1/services with ${N} Prometheus-backed services: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms; sparklines: ${sparkRequests} request`,
    );
  });
});
