import type { Service } from '@/lib/services/types';

/** Queue depth and alerts beside the engine state (Prometheus fills them; unknown is never 0). */
export function ServiceExtras({ service }: { service: Service }) {
  const { queue, alerts } = service;
  return (
    <>
      {queue ? (
        <span
          data-testid="queue"
          data-level={queue.level}
          className={`rounded px-1.5 py-0.5 font-mono text-xs tabular-nums ${
            queue.level === 'critical'
              ? 'bg-red-100 text-red-800 dark:bg-red-500/20 dark:text-red-300'
              : queue.level === 'warn'
                ? 'bg-amber-100 text-amber-900 dark:bg-amber-500/20 dark:text-amber-300'
                : queue.level === 'unknown'
                  ? 'bg-zinc-100 text-zinc-500 dark:bg-zinc-800'
                  : 'text-zinc-600 dark:text-zinc-300'
          }`}
          title="queue depth"
        >
          q {queue.value === null ? 'unknown' : queue.value}
        </span>
      ) : null}
      {alerts.firing > 0 ? (
        <span
          data-testid="alerts"
          className="rounded bg-red-600 px-1.5 py-0.5 text-xs font-semibold text-white"
        >
          {alerts.firing} firing
        </span>
      ) : null}
    </>
  );
}
