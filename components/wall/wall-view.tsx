'use client';

import { useEffect, useMemo, useState } from 'react';
import { LastVerifiedRestore } from '@/components/backups/backup-state';
import { useLiveServices } from '@/components/live/use-live-services';
import { formatAge } from '@/components/ui/relative-time';
import { StatusBadge } from '@/components/ui/status-badge';
import type { SourceStatus } from '@/lib/docker/types';
import type { WallService } from '@/lib/live/schemas';
import { WallAlerts } from './wall-alerts';
import { wallOrder, wallStacks } from './wall-order';

const queueTone = {
  ok: 'text-zinc-300',
  warn: 'text-amber-300',
  critical: 'text-red-300',
  unknown: 'text-zinc-500',
} as const;

function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

/**
 * The ops-room TV: every service worst first, readable from across the room. It never offers an
 * action; it reconnects by itself and says "stale since T" when data stops.
 */
export function WallView({
  initial,
  stack,
  rotateSeconds,
}: {
  initial: { services: WallService[]; sources: Record<string, SourceStatus> };
  stack: string | null;
  rotateSeconds: number;
}) {
  const live = useLiveServices<WallService>(initial);
  const now = useNow(1000);
  const services = useMemo(() => [...live.services.values()], [live.services]);
  const stacks = useMemo(() => wallStacks(services, stack), [services, stack]);
  const [page, setPage] = useState(0);
  useEffect(() => {
    if (rotateSeconds <= 0 || stacks.length <= 1) return;
    const t = setInterval(() => setPage((p) => p + 1), rotateSeconds * 1000);
    return () => clearInterval(t);
  }, [rotateSeconds, stacks.length]);
  const shownStack = rotateSeconds > 0 && stacks.length > 0 ? stacks[page % stacks.length] : stack;
  const shown = services
    .filter((s) => (shownStack === null || shownStack === undefined ? true : s.stack === shownStack))
    .sort(wallOrder);

  const docker = live.sources.docker;
  const conn = live.connection;
  const streamDown = conn.state === 'reconnecting';
  const staleSince =
    conn.state === 'reconnecting'
      ? conn.since
      : docker && docker.status !== 'ok'
        ? docker.lastOkAt
          ? Date.parse(docker.lastOkAt)
          : null
        : undefined;
  const prom = live.sources.prometheus;

  return (
    <div className="flex min-h-screen flex-col gap-4 bg-zinc-950 p-6 text-zinc-100">
      <header className="flex items-baseline justify-between">
        <h1 className="text-4xl font-bold tracking-tight">
          {shownStack ? shownStack || 'standalone' : 'All services'}
        </h1>
        <div className="text-right text-xl" data-testid="wall-freshness">
          {staleSince !== undefined ? (
            <span className="rounded bg-red-600 px-3 py-1 font-semibold" data-testid="wall-stale">
              {streamDown ? 'Reconnecting — ' : 'Docker unreachable — '}stale since{' '}
              {staleSince === null ? 'start' : new Date(staleSince).toLocaleTimeString()}
            </span>
          ) : (
            <span className="text-zinc-400" data-testid="wall-live">
              Live · data {live.lastEventAt ? `${formatAge(now - live.lastEventAt)} old` : 'from page load'}
            </span>
          )}
          {prom && prom.status !== 'ok' && prom.status !== 'not_configured' ? (
            <span className="ml-3 rounded bg-amber-600 px-3 py-1 font-semibold">
              Prometheus {prom.status} since{' '}
              {prom.lastOkAt ? new Date(prom.lastOkAt).toLocaleTimeString() : 'start'}
            </span>
          ) : null}
        </div>
      </header>
      <WallAlerts now={now} />
      <ul className="grid grid-cols-[repeat(auto-fill,minmax(22rem,1fr))] gap-4" data-testid="wall-services">
        {shown.map((s) => (
          <li
            key={s.id}
            data-testid="wall-service"
            data-status={s.status}
            className={`rounded-2xl border-2 p-5 ${
              s.status === 'down'
                ? 'border-red-500 bg-red-950/60'
                : s.status === 'degraded'
                  ? 'border-amber-500 bg-amber-950/40'
                  : s.status === 'unknown'
                    ? 'border-zinc-500 bg-zinc-900'
                    : 'border-emerald-700/60 bg-zinc-900'
            }`}
          >
            <div className="flex items-center justify-between gap-3">
              <p className="truncate text-3xl font-semibold">
                <span className="text-zinc-400">{s.stack ? `${s.stack}/` : ''}</span>
                {s.name}
              </p>
              <StatusBadge status={s.status} size="lg" />
            </div>
            <div className="mt-3 flex items-baseline gap-6 text-2xl tabular-nums">
              <span>
                {s.replicas.running}/{s.replicas.desired} up
              </span>
              {s.queue ? (
                <span className={queueTone[s.queue.level]} data-testid="wall-queue">
                  queue {s.queue.value ?? 'unknown'}
                </span>
              ) : null}
              {s.alerts.firing > 0 ? (
                <span className="rounded bg-red-600 px-2 text-white" data-testid="wall-alerts">
                  {s.alerts.firing} alert{s.alerts.firing > 1 ? 's' : ''}
                </span>
              ) : null}
            </div>
            {s.status !== 'healthy' && s.reasons[0] ? (
              <p className="mt-2 truncate text-xl text-zinc-300">{s.reasons[0].message}</p>
            ) : null}
            {s.backup.lastVerifiedAt || s.backup.lastAt ? (
              <LastVerifiedRestore backup={s.backup} className="mt-2 block truncate text-lg" />
            ) : null}
          </li>
        ))}
      </ul>
      {shown.length === 0 && live.loaded ? <p className="text-3xl text-zinc-400">No services.</p> : null}
    </div>
  );
}
