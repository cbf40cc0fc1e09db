'use client';

import { createContext, type ReactNode, useContext } from 'react';
import type { QueueState } from '@/lib/services/types';
import { formatNumber, levelTone } from './format';
import { Sparkline } from './sparkline';
import { useQueueSparklines } from './use-prometheus';

type Series = Record<string, readonly (readonly [number, number])[]>;

const NO_SERIES: Series = {};
const QueueSparklinesContext = createContext<Series>(NO_SERIES);

/**
 * The overview's one query for the last hour of every queue, shared by the rows through context
 * (a row that scrolls in reads it, it does not subscribe to a query of its own). `enabled`: some
 * service has a queue at all.
 */
export function QueueSparklinesProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const spark = useQueueSparklines('1h', enabled);
  return (
    <QueueSparklinesContext.Provider value={spark.data?.series ?? NO_SERIES}>
      {children}
    </QueueSparklinesContext.Provider>
  );
}

/**
 * Queue depth of an overview row: the value coloured by its level and the last hour as a sparkline.
 * Unknown (Prometheus unreachable, no data, bad query) reads "unknown", never 0.
 */
export function QueueCell({ queue, serviceId }: { queue: QueueState | null; serviceId: string }) {
  const series = useContext(QueueSparklinesContext);
  if (!queue) return null;
  const points = series[serviceId] ?? [];
  const thresholds = [
    queue.warn !== null ? `warning at ${queue.warn}` : null,
    queue.critical !== null ? `critical at ${queue.critical}` : null,
  ]
    .filter(Boolean)
    .join(', ');
  const title = `Queue depth${thresholds ? ` (${thresholds})` : ''}${
    queue.fetchedAt ? `, as of ${new Date(queue.fetchedAt).toLocaleTimeString()}` : ''
  }`;
  return (
    <span className="inline-flex items-center gap-1.5" title={title} data-testid="queue-cell">
      <Sparkline points={points} level={queue.level} />
      <span
        data-testid="queue"
        data-level={queue.level}
        className={`rounded px-1.5 py-0.5 font-mono text-xs tabular-nums ${levelTone[queue.level]}`}
      >
        {queue.value === null ? 'unknown' : formatNumber(queue.value)}
      </span>
    </span>
  );
}
