import Link from 'next/link';
import type { ReactNode } from 'react';
import { UpdateBadge } from '@/components/images/update-badge';
import { RelativeTime } from '@/components/ui/relative-time';
import { StatusBadge } from '@/components/ui/status-badge';
import type { Service } from '@/lib/services/types';

/** Phone: badge · name · replicas, then the extras on their own line; from `lg` the six-column table. */
const ROW_GRID =
  'grid grid-cols-[auto_minmax(0,1fr)_auto] lg:grid-cols-[7rem_minmax(10rem,1.4fr)_6rem_minmax(8rem,1fr)_6rem_minmax(8rem,1fr)]';

const kindLabel = { compose: 'compose', swarm: 'swarm', container: 'container' } as const;

/** One service of the overview. Every string here comes from the engine: rendered as text only. */
export function ServiceRow({
  service,
  extra,
  showHost = false,
}: {
  service: Service;
  extra?: ReactNode;
  /** several engines: say which one the service is on */
  showHost?: boolean;
}) {
  const { replicas } = service;
  const firstReason = service.reasons.find((r) => r.severity !== 'info') ?? service.reasons[0];
  const newestStart = service.containers
    .map((c) => c.startedAt)
    .filter((t): t is string => t !== null)
    .sort()
    .at(-1);
  return (
    <div
      data-testid="service-row"
      data-service={`${service.stack}/${service.name}`}
      data-status={service.status}
      className={`${ROW_GRID} items-center gap-x-3 gap-y-1 border-b border-zinc-100 px-4 py-2 text-sm last:border-b-0 hover:bg-zinc-50 dark:border-zinc-800/60 dark:hover:bg-zinc-900`}
    >
      <div>
        <StatusBadge status={service.status} />
      </div>
      <div className="min-w-0">
        <div className="flex min-w-0 items-baseline gap-1.5">
          <Link
            href={`/services/${service.id}`}
            // no prefetch as rows scroll into view (hundreds of rows): the page loads on click
            prefetch={false}
            className="block min-w-0 truncate font-medium text-zinc-900 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:text-zinc-100"
          >
            {service.name}
          </Link>
          {showHost ? (
            <span
              data-testid="row-host"
              className="max-w-[40%] shrink-0 truncate rounded bg-zinc-100 px-1 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300"
              title={`host ${service.host}`}
            >
              {service.host}
            </span>
          ) : null}
        </div>
        {firstReason ? (
          <p
            className="truncate text-xs text-zinc-500 dark:text-zinc-400"
            title={service.reasons.map((r) => r.message).join('\n')}
            data-testid="reason"
          >
            {firstReason.message}
            {service.reasons.length > 1 ? ` (+${service.reasons.length - 1})` : ''}
          </p>
        ) : (
          <p className="text-xs text-zinc-500 dark:text-zinc-400">{kindLabel[service.kind]}</p>
        )}
      </div>
      <div className="tabular-nums" data-testid="replicas" title="running / desired (healthy)">
        {replicas.running}/{replicas.desired}
        <span className="text-xs text-zinc-500 dark:text-zinc-400"> ({replicas.healthy} ok)</span>
      </div>
      <div
        className="hidden truncate font-mono text-xs text-zinc-600 lg:block dark:text-zinc-400"
        title={service.image.ref}
      >
        {service.image.ref}
        <UpdateBadge image={service.image} />
      </div>
      <div className="hidden text-xs text-zinc-600 lg:block dark:text-zinc-400">
        <RelativeTime iso={newestStart ?? service.updatedAt} suffix="" />
      </div>
      {/* on a phone the extras and actions take their own line, right-aligned so menus open on screen */}
      <div className="col-span-3 flex flex-wrap items-center justify-end gap-2 empty:hidden lg:col-span-1">
        {extra}
      </div>
    </div>
  );
}
