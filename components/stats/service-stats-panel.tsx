'use client';

import { levelTone } from '@/components/prometheus/format';
import { Sparkline } from '@/components/prometheus/sparkline';
import type { ServiceStats, StatsFigures } from '@/lib/docker-stats/schemas';
import { formatMemory, formatPercent, formatRate } from './format';
import { useServiceStats } from './use-stats';

type Spark = ServiceStats['sum']['spark'];

/**
 * The service's CPU, memory, network and block IO now: the sum of its replicas first, then one
 * line per replica, each with a 3-minute CPU and memory sparkline. Container names are engine text:
 * rendered as text only.
 */
export function ServiceStatsPanel({ serviceId }: { serviceId: string }) {
  const stats = useServiceStats(serviceId);
  const data = stats.data;
  return (
    <section aria-labelledby="stats-h" className="space-y-2" data-testid="stats-panel">
      <h2 id="stats-h" className="text-lg font-semibold">
        Resources <span className="text-sm font-normal text-zinc-500 dark:text-zinc-400">now</span>
      </h2>
      {stats.error ? (
        <p className="text-sm text-red-700 dark:text-red-400">Could not load stats: {stats.error.message}</p>
      ) : null}
      {!data ? (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">Sampling…</p>
      ) : (
        <div className="divide-y divide-zinc-100 rounded-xl border border-zinc-200 bg-white text-sm dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900/40">
          <StatsLine
            label={data.replicas.length === 1 ? 'Service' : `All ${data.replicas.length} replicas`}
            figures={data.sum}
            spark={data.sum.spark}
            level={data.level}
            testId="stats-sum"
            strong
          />
          {data.replicas.length > 1
            ? data.replicas.map((r) => (
                <StatsLine
                  key={r.containerId}
                  label={r.name}
                  figures={r}
                  spark={r.spark}
                  note={
                    r.state === 'sampling'
                      ? undefined
                      : r.state === 'waiting'
                        ? 'waiting for a slot'
                        : 'not running'
                  }
                  testId="stats-replica"
                />
              ))
            : null}
        </div>
      )}
    </section>
  );
}

function StatsLine({
  label,
  figures,
  spark,
  level = 'ok',
  note,
  strong = false,
  testId,
}: {
  label: string;
  figures: StatsFigures;
  spark: Spark;
  level?: ServiceStats['level'];
  note?: string;
  strong?: boolean;
  testId: string;
}) {
  const tone = level === 'warn' ? levelTone.warn : '';
  return (
    <div data-testid={testId} className="flex flex-wrap items-center gap-x-5 gap-y-1 px-4 py-2">
      <span
        className={`min-w-0 basis-full truncate sm:basis-48 ${strong ? 'font-medium' : ''}`}
        title={label}
      >
        {label}
        {note ? <span className="ml-2 text-xs text-zinc-500 dark:text-zinc-400">({note})</span> : null}
      </span>
      <Figure name="CPU" spark={spark.cpu}>
        <span data-testid="stats-cpu" className={`rounded px-1 ${tone}`}>
          {formatPercent(figures.cpuPercent)}
        </span>
      </Figure>
      <Figure name="Memory" spark={spark.memory}>
        <span data-testid="stats-memory">{formatMemory(figures.memoryBytes, figures.memoryLimitBytes)}</span>
      </Figure>
      <Figure name="Net ↓/↑">
        {formatRate(figures.netRxBytesPerSecond)} / {formatRate(figures.netTxBytesPerSecond)}
      </Figure>
      <Figure name="IO r/w">
        {formatRate(figures.blockReadBytesPerSecond)} / {formatRate(figures.blockWriteBytesPerSecond)}
      </Figure>
    </div>
  );
}

function Figure({
  name,
  spark,
  children,
}: {
  name: string;
  spark?: readonly (readonly [number, number])[];
  children: React.ReactNode;
}) {
  return (
    <span className="inline-flex items-center gap-1.5">
      <span className="text-xs text-zinc-500 dark:text-zinc-400">{name}</span>
      <span className="font-mono text-xs tabular-nums">{children}</span>
      {spark ? <Sparkline points={spark} width={48} height={14} /> : null}
    </span>
  );
}
