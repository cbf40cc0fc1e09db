import { RelativeTime } from '@/components/ui/relative-time';
import type { ContainerInfo } from '@/lib/docker/types';

const healthTone = {
  healthy: 'text-emerald-700 dark:text-emerald-400',
  unhealthy: 'text-red-700 dark:text-red-400',
  starting: 'text-amber-700 dark:text-amber-400',
  none: 'text-zinc-500 dark:text-zinc-400',
} as const;

/** Container details. All values are engine data, rendered as text. */
export function ContainersTable({ containers }: { containers: ContainerInfo[] }) {
  if (containers.length === 0)
    return <p className="text-sm text-zinc-500 dark:text-zinc-400">No containers.</p>;
  return (
    <div className="space-y-3">
      {containers.map((c) => (
        <details
          key={c.id}
          data-testid="container"
          data-state={c.state}
          className="rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900/40"
        >
          <summary className="grid cursor-pointer grid-cols-[minmax(0,1fr)_auto] gap-x-3 gap-y-1 md:grid-cols-[minmax(10rem,1.5fr)_6rem_6rem_5rem_8rem_minmax(8rem,1fr)] px-4 py-2 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500">
            <span className="truncate font-medium" data-testid="container-name">
              {c.name}
            </span>
            <span>
              {c.state}
              {c.exitCode !== null ? ` (${c.exitCode})` : ''}
            </span>
            <span className={healthTone[c.health]}>{c.health}</span>
            <span className="tabular-nums" title="restart count">
              ↻ {c.restartCount}
            </span>
            <span className="text-xs text-zinc-500 dark:text-zinc-400">
              {c.state === 'running' ? 'up ' : 'finished '}
              <RelativeTime iso={c.state === 'running' ? c.startedAt : c.finishedAt} suffix="" />
            </span>
            <span
              className="col-span-2 truncate font-mono text-xs text-zinc-500 dark:text-zinc-400 md:col-span-1"
              title={c.image}
            >
              {c.image}
            </span>
          </summary>
          <dl className="grid grid-cols-[minmax(0,7rem)_minmax(0,1fr)] gap-x-4 sm:grid-cols-[9rem_minmax(0,1fr)] gap-y-1 border-t border-zinc-100 px-4 py-3 text-xs dark:border-zinc-800">
            <dt className="text-zinc-500 dark:text-zinc-400">id</dt>
            <dd className="break-all font-mono">{c.id.slice(0, 12)}</dd>
            <dt className="text-zinc-500 dark:text-zinc-400">created</dt>
            <dd>{new Date(c.createdAt).toLocaleString()}</dd>
            <dt className="text-zinc-500 dark:text-zinc-400">started</dt>
            <dd>{c.startedAt ? new Date(c.startedAt).toLocaleString() : '—'}</dd>
            <dt className="text-zinc-500 dark:text-zinc-400">network</dt>
            <dd>{c.networkMode}</dd>
            <dt className="text-zinc-500 dark:text-zinc-400">ports</dt>
            <dd>
              {c.ports.length === 0
                ? '—'
                : c.ports
                    .map(
                      (p) =>
                        `${p.hostIp ?? ''}${p.hostPort ? `:${p.hostPort}→` : ''}${p.containerPort}/${p.protocol}`,
                    )
                    .join(', ')}
            </dd>
            <dt className="text-zinc-500 dark:text-zinc-400">last health check</dt>
            <dd>
              {c.healthLog ? (
                <pre
                  className="max-h-32 overflow-auto whitespace-pre-wrap rounded bg-zinc-100 p-2 font-mono dark:bg-zinc-800"
                  data-testid="health-output"
                >
                  exit {c.healthLog.exitCode}: {c.healthLog.output}
                </pre>
              ) : (
                '—'
              )}
            </dd>
            <dt className="text-zinc-500 dark:text-zinc-400">labels</dt>
            <dd>
              <ul className="space-y-0.5 font-mono">
                {Object.entries(c.labels).map(([k, v]) => (
                  <li key={k} className="break-all">
                    <span className="text-zinc-500 dark:text-zinc-400">{k}</span>=<span>{v}</span>
                  </li>
                ))}
              </ul>
            </dd>
          </dl>
        </details>
      ))}
    </div>
  );
}
