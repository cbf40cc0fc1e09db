'use client';

import type { SourceStatus } from '@/lib/docker/types';
import type { Connection } from './use-live-services';

function at(ms: number | string | null): string {
  if (ms === null) return 'never';
  return new Date(ms).toLocaleTimeString();
}

/** live / reconnecting / stale since T — for the stream and for the engine behind it. */
export function ConnectionIndicator({
  connection,
  docker,
}: {
  connection: Connection;
  docker?: SourceStatus;
}) {
  let label: string;
  let tone: string;
  if (connection.state === 'reconnecting') {
    label = `Reconnecting — stale since ${at(connection.since)}`;
    tone = 'bg-amber-500';
  } else if (connection.state === 'connecting') {
    label = 'Connecting…';
    tone = 'bg-zinc-400';
  } else if (docker && docker.status !== 'ok') {
    label = docker.lastOkAt
      ? `Docker ${docker.status === 'down' ? 'unreachable' : 'stale'} — last good data ${at(docker.lastOkAt)}`
      : 'Docker unreachable — no data yet';
    tone = 'bg-red-500';
  } else {
    label = 'Live';
    tone = 'bg-emerald-500';
  }
  return (
    <output
      data-testid="connection"
      data-state={
        connection.state === 'live' && docker && docker.status !== 'ok' ? 'stale' : connection.state
      }
      className="inline-flex items-center gap-2 rounded-full border border-zinc-200 px-3 py-1 text-xs dark:border-zinc-800"
      aria-live="polite"
    >
      <span className={`size-2 rounded-full ${tone} ${connection.state === 'live' ? 'animate-pulse' : ''}`} />
      {label}
    </output>
  );
}
