import client from 'prom-client';
import { metrics } from '@/lib/metrics/registry';

interface ProbeMetrics {
  latency: client.Histogram<'probe' | 'service' | 'outcome'>;
  inFlight: client.Gauge;
}

const holder = globalThis as unknown as { __opsdeckProbeMetrics?: ProbeMetrics };

/** `opsdeck_probe_latency_seconds{probe,service,outcome}` and the probes in flight, on /api/metrics. */
export function probeMetrics(): ProbeMetrics {
  if (holder.__opsdeckProbeMetrics) return holder.__opsdeckProbeMetrics;
  const registry = metrics().registry;
  holder.__opsdeckProbeMetrics = {
    latency:
      (registry.getSingleMetric('opsdeck_probe_latency_seconds') as ProbeMetrics['latency'] | undefined) ??
      new client.Histogram({
        name: 'opsdeck_probe_latency_seconds',
        help: 'HTTP probe latency by probe (ready/live), service (stack/name) and outcome (ok/failed)',
        labelNames: ['probe', 'service', 'outcome'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
        registers: [registry],
      }),
    inFlight:
      (registry.getSingleMetric('opsdeck_probes_in_flight') as client.Gauge | undefined) ??
      new client.Gauge({
        name: 'opsdeck_probes_in_flight',
        help: 'HTTP probes in flight',
        registers: [registry],
      }),
  };
  return holder.__opsdeckProbeMetrics;
}
