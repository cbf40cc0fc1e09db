'use client';

import { useState } from 'react';
import type { SeriesSet } from '@/lib/prometheus/schemas';
import { formatBytes, formatCores, formatNumber } from './format';
import { LineChart, type Threshold } from './line-chart';
import { useServiceSeries } from './use-prometheus';

const rangeNames = ['15m', '1h', '6h', '24h'] as const;

/** The service page's charts: queue depth, CPU, memory and the `opsdeck.metric.*` tiles. */
export function ServiceMetricsPanel({ serviceId }: { serviceId: string }) {
  const [range, setRange] = useState<(typeof rangeNames)[number]>('1h');
  const series = useServiceSeries(serviceId, range);
  const data = series.data;
  return (
    <section aria-labelledby="metrics-h" className="space-y-3" data-testid="metrics-panel">
      <div className="flex items-center justify-between">
        <h2 id="metrics-h" className="text-lg font-semibold">
          Metrics
        </h2>
        <fieldset aria-label="Time range" className="flex gap-1 text-xs">
          {rangeNames.map((r) => (
            <button
              key={r}
              type="button"
              aria-pressed={r === range}
              onClick={() => setRange(r)}
              className={`rounded px-2 py-1 ${r === range ? 'bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900' : 'hover:bg-zinc-100 dark:hover:bg-zinc-800'}`}
            >
              {r}
            </button>
          ))}
        </fieldset>
      </div>
      {series.error ? (
        <p className="text-sm text-red-700 dark:text-red-400">
          Could not load metrics: {series.error.message}
        </p>
      ) : null}
      {data ? <SourceNote source={data.source} /> : null}
      {data ? <Charts data={data} /> : <p className="text-sm text-zinc-500 dark:text-zinc-400">Loading…</p>}
    </section>
  );
}

function SourceNote({ source }: { source: SeriesSet['source'] }) {
  if (source.status === 'ok') return null;
  const text =
    source.status === 'not_configured'
      ? 'Prometheus is not configured (PROMETHEUS_URL): queue and tiles are not available.'
      : `Prometheus unreachable${source.lastOkAt ? ` — last data at ${new Date(source.lastOkAt).toLocaleString()}` : ''}.`;
  return (
    <p
      role="status"
      data-testid="metrics-source"
      className="rounded-md border border-amber-300 bg-amber-50 px-3 py-1.5 text-sm text-amber-900 dark:border-amber-500/40 dark:bg-amber-500/10 dark:text-amber-200"
    >
      {text}
    </p>
  );
}

function Charts({ data }: { data: SeriesSet }) {
  const thresholds: Threshold[] = [];
  if (data.queue?.warn != null) thresholds.push({ value: data.queue.warn, level: 'warn' });
  if (data.queue?.critical != null) thresholds.push({ value: data.queue.critical, level: 'critical' });
  const fromNote = (from: 'prometheus' | 'docker') =>
    from === 'prometheus' ? 'from Prometheus' : 'from Docker stats';
  return (
    <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
      {data.queue ? (
        <LineChart
          testId="chart-queue"
          title="Queue depth"
          points={data.queue.points}
          format={formatNumber}
          thresholds={thresholds}
          note={data.queue.error ? `bad query: ${data.queue.error}` : undefined}
        />
      ) : null}
      <LineChart
        testId="chart-cpu"
        title="CPU"
        points={data.cpu.points}
        format={formatCores}
        note={fromNote(data.cpu.from)}
      />
      <LineChart
        testId="chart-memory"
        title="Memory"
        points={data.memory.points}
        format={formatBytes}
        note={fromNote(data.memory.from)}
      />
      {Object.entries(data.metrics).map(([name, m]) => (
        <LineChart
          key={name}
          testId={`chart-metric-${name}`}
          title={name.replace(/_/g, ' ')}
          points={m.points}
          format={formatNumber}
          note={m.error ? `bad query: ${m.error}` : undefined}
        />
      ))}
    </div>
  );
}
