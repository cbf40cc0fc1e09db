import client from 'prom-client';

interface Metrics {
  registry: client.Registry;
  httpDuration: client.Histogram<'method' | 'route' | 'status'>;
  sseClients: client.Gauge<'stream'>;
  httpRefused: client.Counter<'class' | 'reason'>;
  httpInFlight: client.Gauge<'class'>;
  httpQueued: client.Gauge<'class'>;
  engineReconnects: client.Counter<'host'>;
  engineEvents: client.Counter<'host' | 'type'>;
  engineLogStreams: client.Gauge;
  engineStatsStreams: client.Gauge;
}

const holder = globalThis as unknown as { __opsdeckMetrics?: Metrics };

/** One registry per process (survives dev HMR), with the metrics every module shares. */
export function metrics(): Metrics {
  if (holder.__opsdeckMetrics) return holder.__opsdeckMetrics;
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'opsdeck_' });
  const m: Metrics = {
    registry,
    httpDuration: new client.Histogram({
      name: 'opsdeck_http_request_duration_seconds',
      help: 'HTTP request duration by route',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    sseClients: new client.Gauge({
      name: 'opsdeck_sse_clients',
      help: 'Open server-sent-event streams',
      labelNames: ['stream'],
      registers: [registry],
    }),
    httpRefused: new client.Counter({
      name: 'opsdeck_http_refused_total',
      help: 'Requests answered 503 by overload protection, by request class and reason',
      labelNames: ['class', 'reason'],
      registers: [registry],
    }),
    httpInFlight: new client.Gauge({
      name: 'opsdeck_http_in_flight',
      help: 'Requests being served now, by request class (bounded by OPSDECK_MAX_IN_FLIGHT)',
      labelNames: ['class'],
      registers: [registry],
    }),
    httpQueued: new client.Gauge({
      name: 'opsdeck_http_queued',
      help: 'Requests waiting for a slot, by request class (bounded by OPSDECK_MAX_QUEUED)',
      labelNames: ['class'],
      registers: [registry],
    }),
    engineReconnects: new client.Counter({
      name: 'opsdeck_engine_reconnects_total',
      help: 'Reconnects of the Docker events stream',
      labelNames: ['host'],
      registers: [registry],
    }),
    engineEvents: new client.Counter({
      name: 'opsdeck_engine_events_total',
      help: 'Docker engine events received',
      labelNames: ['host', 'type'],
      registers: [registry],
    }),
    engineLogStreams: new client.Gauge({
      name: 'opsdeck_engine_log_streams',
      help: 'Open engine log streams',
      registers: [registry],
    }),
    engineStatsStreams: new client.Gauge({
      name: 'opsdeck_engine_stats_streams',
      help: 'Open engine container stats streams (closed when nobody looks)',
      registers: [registry],
    }),
  };
  holder.__opsdeckMetrics = m;
  return m;
}
