import client from 'prom-client';
import { metrics } from '@/lib/metrics/registry';

interface PrometheusMetrics {
  requests: client.Counter<'endpoint' | 'outcome'>;
  /** refreshes run by the refresher: the benchmark divides requests by this, not by an assumed count */
  refreshes: client.Counter;
}

const holder = globalThis as unknown as { __opsdeckPrometheusMetrics?: PrometheusMetrics };

/**
 * Requests Opsdeck makes to Prometheus and Alertmanager, by endpoint: the benchmark and the tests
 * read it to prove an overview refresh costs the same number of requests whatever the service count.
 */
export function prometheusMetrics(): PrometheusMetrics {
  if (holder.__opsdeckPrometheusMetrics) return holder.__opsdeckPrometheusMetrics;
  const registry = metrics().registry;
  const existing = registry.getSingleMetric('opsdeck_prometheus_requests_total');
  const requests =
    (existing as client.Counter<'endpoint' | 'outcome'> | undefined) ??
    new client.Counter({
      name: 'opsdeck_prometheus_requests_total',
      help: 'HTTP requests to Prometheus and Alertmanager by endpoint and outcome',
      labelNames: ['endpoint', 'outcome'],
      registers: [registry],
    });
  const refreshes =
    (registry.getSingleMetric('opsdeck_prometheus_refreshes_total') as client.Counter | undefined) ??
    new client.Counter({
      name: 'opsdeck_prometheus_refreshes_total',
      help: 'Refreshes of Prometheus and Alertmanager data (timer, service changes and on demand)',
      registers: [registry],
    });
  holder.__opsdeckPrometheusMetrics = { requests, refreshes };
  return holder.__opsdeckPrometheusMetrics;
}

/** Total requests to one endpoint (all outcomes), for tests and the benchmark. */
export async function requestCount(endpoint?: string): Promise<number> {
  const data = await prometheusMetrics().requests.get();
  return data.values
    .filter((v) => endpoint === undefined || v.labels.endpoint === endpoint)
    .reduce((sum, v) => sum + v.value, 0);
}
