import type { HealthStatus } from '@/lib/health/types';

const styles = {
  healthy: 'bg-emerald-100 text-emerald-800 ring-emerald-600/30 dark:bg-emerald-500/15 dark:text-emerald-300',
  degraded: 'bg-amber-100 text-amber-900 ring-amber-600/30 dark:bg-amber-500/15 dark:text-amber-300',
  down: 'bg-red-100 text-red-800 ring-red-600/30 dark:bg-red-500/15 dark:text-red-300',
  unknown: 'bg-zinc-200 text-zinc-700 ring-zinc-500/30 dark:bg-zinc-500/20 dark:text-zinc-300',
} as const satisfies Record<HealthStatus, string>;

const symbols = { healthy: '●', degraded: '◐', down: '✕', unknown: '?' } as const satisfies Record<
  HealthStatus,
  string
>;

export function StatusBadge({ status, size = 'sm' }: { status: HealthStatus; size?: 'sm' | 'lg' }) {
  const pad = size === 'lg' ? 'px-3 py-1 text-lg' : 'px-2 py-0.5 text-xs';
  return (
    <span
      data-status={status}
      className={`inline-flex items-center gap-1 rounded-full font-medium ring-1 ring-inset ${pad} ${styles[status]}`}
    >
      <span aria-hidden="true">{symbols[status]}</span>
      {status}
    </span>
  );
}
