'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { retryUnless4xx } from '@/components/actions/use-actions';
import { formatBytes as bytes } from '@/components/prometheus/format';
import { ops } from '@/lib/contract';
import { apiCall, queryKey } from '@/lib/contract/client';
import { PrunePanel } from './prune-panel';

const rows = [
  ['images', 'Images'],
  ['containers', 'Containers'],
  ['volumes', 'Volumes'],
  ['buildCache', 'Build cache'],
] as const;

/** Disk usage of one engine at a time (`GET /api/v1/system/df`), and for admins the prune panel. */
export function DiskView({ hosts, canPrune }: { hosts: string[]; canPrune: boolean }) {
  const [host, setHost] = useState(hosts[0] ?? 'local');
  const query = { host };
  const df = useQuery({
    queryKey: queryKey(ops.systemDf, { query }),
    queryFn: () => apiCall(ops.systemDf, { query }),
    retry: retryUnless4xx,
  });
  return (
    <div className="mx-auto max-w-5xl space-y-6 px-4 py-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">Disk usage</h1>
        {hosts.length > 1 ? (
          <select
            aria-label="Host"
            value={host}
            onChange={(e) => setHost(e.target.value)}
            className="rounded border border-zinc-300 px-2 py-1 text-sm dark:border-zinc-600 dark:bg-zinc-900"
          >
            {hosts.map((h) => (
              <option key={h}>{h}</option>
            ))}
          </select>
        ) : null}
        <button
          type="button"
          onClick={() => void df.refetch()}
          className="ml-auto rounded border border-zinc-300 px-2.5 py-1 text-sm dark:border-zinc-600"
        >
          Refresh
        </button>
      </div>
      {df.error instanceof Error ? <p className="text-sm text-red-600">{df.error.message}</p> : null}
      {df.data ? (
        <table className="w-full text-sm" data-testid="disk-usage">
          <thead className="text-left text-xs text-zinc-500">
            <tr>
              <th className="py-1">What</th>
              <th>Count</th>
              <th>Size</th>
              <th>Reclaimable</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([key, label]) => (
              <tr key={key} className="border-t border-zinc-200 dark:border-zinc-800">
                <td className="py-1">{label}</td>
                <td className="tabular-nums">{df.data[key].count}</td>
                <td className="tabular-nums">{bytes(df.data[key].size)}</td>
                <td className="tabular-nums">{bytes(df.data[key].reclaimable)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : df.isPending ? (
        <p className="text-sm text-zinc-500">Asking the engine…</p>
      ) : null}
      {canPrune ? <PrunePanel host={host} onDone={() => void df.refetch()} /> : null}
    </div>
  );
}
