'use client';

import { type HealthStatus, healthStatuses } from '@/lib/health/types';

const tone = {
  healthy: 'text-emerald-700 dark:text-emerald-300',
  degraded: 'text-amber-700 dark:text-amber-300',
  down: 'text-red-700 dark:text-red-300',
  unknown: 'text-zinc-600 dark:text-zinc-300',
} as const satisfies Record<HealthStatus, string>;

export function StatusFilter({
  counts,
  selected,
  onToggle,
}: {
  counts: Record<HealthStatus, number>;
  selected: readonly HealthStatus[];
  onToggle: (s: HealthStatus) => void;
}) {
  return (
    <fieldset className="flex flex-wrap gap-2">
      <legend className="sr-only">Filter by status</legend>
      {healthStatuses.map((s) => {
        const on = selected.includes(s);
        return (
          <button
            key={s}
            type="button"
            aria-pressed={on}
            data-testid={`count-${s}`}
            onClick={() => onToggle(s)}
            className={`rounded-lg border px-3 py-1.5 text-sm tabular-nums focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 ${
              on
                ? 'border-sky-500 bg-sky-50 dark:bg-sky-500/10'
                : 'border-zinc-200 bg-white hover:bg-zinc-100 dark:border-zinc-800 dark:bg-zinc-900 dark:hover:bg-zinc-800'
            }`}
          >
            <span className={`font-semibold ${tone[s]}`}>{counts[s]}</span> {s}
          </button>
        );
      })}
    </fieldset>
  );
}
