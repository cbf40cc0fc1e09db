'use client';

import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { formatBytes, levelTone } from '@/components/prometheus/format';
import type { StatsSummary } from '@/lib/docker-stats/schemas';
import { formatPercent } from './format';
import { useStatsList } from './use-stats';

const RowStatsContext = createContext<Record<string, StatsSummary> | null>(null);

/**
 * One request for the CPU/memory of the overview rows on screen (`ids`, comma-separated): asking is
 * what keeps their stats streams open on the server, so rows scrolled away stop being sampled. The
 * ids settle for 500 ms first, so a scroll asks once at its end rather than at every step.
 */
export function RowStatsProvider({ ids, children }: { ids: string; children: ReactNode }) {
  const [settled, setSettled] = useState(ids);
  useEffect(() => {
    const t = setTimeout(() => setSettled(ids), 500);
    return () => clearTimeout(t);
  }, [ids]);
  const list = useStatsList(settled);
  return <RowStatsContext.Provider value={list.data?.services ?? null}>{children}</RowStatsContext.Provider>;
}

/** A row's CPU and memory now, compact (`12% · 45 MiB`); nothing until the first sample. */
export function RowStats({ serviceId }: { serviceId: string }) {
  const s = useContext(RowStatsContext)?.[serviceId];
  if (!s || s.at === null) return null;
  return (
    <span
      data-testid="row-stats"
      data-level={s.level}
      title={`CPU (percent of one core) and memory, as of ${new Date(s.at).toLocaleTimeString()}`}
      className={`rounded px-1.5 py-0.5 font-mono text-xs tabular-nums ${levelTone[s.level]}`}
    >
      {formatPercent(s.cpuPercent)} · {s.memoryBytes === null ? '—' : formatBytes(s.memoryBytes)}
    </span>
  );
}
