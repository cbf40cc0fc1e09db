'use client';

import { useEffect, useMemo, useState } from 'react';
import { useLiveServices } from '@/components/live/use-live-services';
import { formatAge } from '@/components/ui/relative-time';
import type { SourceStatus } from '@/lib/docker/types';
import type { WallService } from '@/lib/live/schemas';
import { WallAlerts } from './wall-alerts';
import { WallCounts } from './wall-counts';
import { WallDeadMan } from './wall-dead-man';
import { WallGrid } from './wall-grid';
import { wallOrder, wallStacks } from './wall-order';

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
    <div className="flex h-screen flex-col gap-4 overflow-hidden bg-zinc-950 p-6 text-zinc-100">
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
      <WallDeadMan connection={live.connection} />
      <WallCounts services={shown} />
      <WallAlerts now={now} />
      <WallGrid services={shown} connection={live.connection} docker={docker} now={now} />
      {shown.length === 0 && live.loaded ? <p className="text-3xl text-zinc-400">No services.</p> : null}
    </div>
  );
}
