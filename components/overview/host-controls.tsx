'use client';

import type { GroupBy } from './filter-services';

const selectClass =
  'rounded-lg border border-zinc-300 bg-white px-2 py-1.5 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:border-zinc-700 dark:bg-zinc-900';

/** The overview's host filter and grouping; shown only when more than one engine is configured. */
export function HostControls({
  hosts,
  host,
  onHost,
  groupBy,
  onGroupBy,
}: {
  hosts: readonly string[];
  host: string | undefined;
  onHost: (host: string | undefined) => void;
  groupBy: GroupBy;
  onGroupBy: (g: GroupBy) => void;
}) {
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <label className="flex items-center gap-1.5">
        <span className="text-zinc-600 dark:text-zinc-400">Host</span>
        <select
          data-testid="host-filter"
          value={host ?? ''}
          onChange={(e) => onHost(e.target.value || undefined)}
          className={selectClass}
        >
          <option value="">all hosts</option>
          {hosts.map((h) => (
            <option key={h} value={h}>
              {h}
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-1.5">
        <span className="text-zinc-600 dark:text-zinc-400">Group by</span>
        <select
          data-testid="group-by"
          value={groupBy}
          onChange={(e) => onGroupBy(e.target.value === 'host' ? 'host' : 'stack')}
          className={selectClass}
        >
          <option value="stack">stack</option>
          <option value="host">host</option>
        </select>
      </label>
    </div>
  );
}
