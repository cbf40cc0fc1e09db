'use client';

import { useQuery } from '@tanstack/react-query';
import { retryUnless4xx } from '@/components/actions/use-actions';
import { SwarmNodes } from '@/components/swarm/swarm-nodes';
import { RelativeTime } from '@/components/ui/relative-time';
import { ops } from '@/lib/contract';
import { apiCall, queryKey } from '@/lib/contract/client';
import type { Host, HostsAnswer } from '@/lib/hosts/schemas';

const stateLabel: Record<Host['status'], { text: string; tone: string }> = {
  ok: {
    text: 'reachable',
    tone: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-500/15 dark:text-emerald-300',
  },
  stale: {
    text: 'unreachable · stale',
    tone: 'bg-amber-100 text-amber-800 dark:bg-amber-500/15 dark:text-amber-300',
  },
  down: { text: 'unreachable', tone: 'bg-red-100 text-red-800 dark:bg-red-500/15 dark:text-red-300' },
  not_configured: {
    text: 'not configured',
    tone: 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300',
  },
};

/**
 * Every configured engine as a card (one column on a phone). The answer is the inventory's own state,
 * so refreshing it costs no engine call. Errors and versions are engine text: rendered as text only.
 */
export function HostsView({ initial }: { initial: HostsAnswer }) {
  const { data } = useQuery({
    queryKey: queryKey(ops.hostsList, {}),
    queryFn: () => apiCall(ops.hostsList, {}),
    initialData: initial,
    refetchInterval: 5000,
    retry: retryUnless4xx,
  });
  return (
    <ul className="grid gap-3 md:grid-cols-2" aria-label="Hosts">
      {data.hosts.map((h) => (
        <HostCard key={h.name} host={h} />
      ))}
    </ul>
  );
}

function HostCard({ host }: { host: Host }) {
  const state = stateLabel[host.status];
  return (
    <li
      data-testid="host-card"
      data-host={host.name}
      data-reachable={host.reachable}
      className="min-w-0 rounded-xl border border-zinc-200 bg-white p-4 text-sm dark:border-zinc-800 dark:bg-zinc-900/40"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="min-w-0 truncate text-base font-semibold">{host.name}</h2>
        <span className={`rounded-md px-2 py-0.5 text-xs font-medium ${state.tone}`}>{state.text}</span>
      </div>
      <p className="mt-1 break-all font-mono text-xs text-zinc-600 dark:text-zinc-400">
        {host.url} <span className="font-sans">({host.transport})</span>
      </p>
      <dl className="mt-3 grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1">
        <dt className="text-zinc-500 dark:text-zinc-400">Engine</dt>
        <dd data-testid="host-version" className="truncate">
          {host.engineVersion ? `Docker ${host.engineVersion} · API ${host.apiVersion ?? '?'}` : '—'}
        </dd>
        <dt className="text-zinc-500 dark:text-zinc-400">Last good data</dt>
        <dd>
          <RelativeTime iso={host.lastGoodAt} />
        </dd>
        <dt className="text-zinc-500 dark:text-zinc-400">Containers</dt>
        <dd data-testid="host-containers" className="tabular-nums">
          {host.containers.running} running · {host.containers.stopped} stopped
        </dd>
        <dt className="text-zinc-500 dark:text-zinc-400">Services</dt>
        <dd className="tabular-nums">{host.services}</dd>
      </dl>
      {host.swarm ? <SwarmNodes swarm={host.swarm} /> : null}
      {host.error ? (
        <p
          data-testid="host-error"
          className="mt-3 break-words rounded-md bg-red-50 p-2 text-xs text-red-800 dark:bg-red-500/10 dark:text-red-300"
        >
          {host.error}
        </p>
      ) : null}
    </li>
  );
}
