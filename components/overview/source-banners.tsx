import type { SourceStatus } from '@/lib/docker/types';

const names: Record<string, string> = {
  docker: 'Docker engine',
  prometheus: 'Prometheus',
  alertmanager: 'Alertmanager',
};

/** One banner per source that does not answer, with the time of its last good data. */
export function SourceBanners({ sources }: { sources: Record<string, SourceStatus> }) {
  const bad = Object.entries(sources).filter(([, s]) => s.status === 'down' || s.status === 'stale');
  if (bad.length === 0) return null;
  return (
    <div className="space-y-2">
      {bad.map(([name, s]) => (
        <div
          key={name}
          role="alert"
          data-testid={`banner-${name}`}
          className="rounded-lg border border-red-300 bg-red-50 px-4 py-2 text-sm text-red-900 dark:border-red-500/40 dark:bg-red-500/10 dark:text-red-200"
        >
          <strong>{names[name] ?? name} unreachable.</strong>{' '}
          {s.lastOkAt
            ? `Showing data from ${new Date(s.lastOkAt).toLocaleString()}; status is unknown until it answers.`
            : 'No data received yet.'}
          {s.error ? <span className="block text-xs opacity-80">{s.error}</span> : null}
        </div>
      ))}
    </div>
  );
}
