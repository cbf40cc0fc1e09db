'use client';

import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { memo, useDeferredValue, useMemo, useState } from 'react';
import { RowActions } from '@/components/actions/row-actions';
import { StackActions } from '@/components/actions/stack-actions';
import { RowSilence } from '@/components/alerts/row-silence';
import { ConnectionIndicator } from '@/components/live/connection-indicator';
import { useLiveServices } from '@/components/live/use-live-services';
import { SourceBanners } from '@/components/overview/source-banners';
import { QueueSparklinesProvider } from '@/components/prometheus/queue-cell';
import { RowStatsProvider } from '@/components/stats/row-stats';
import { canOperate } from '@/lib/auth/permissions';
import type { Principal } from '@/lib/auth/types';
import type { SourceStatus } from '@/lib/docker/types';
import type { HealthStatus } from '@/lib/health/types';
import { SELF_REASON_CODE } from '@/lib/services/schemas';
import type { Service } from '@/lib/services/types';
import { countByStatus, type GroupBy, groupForDisplay, hostsOf } from './filter-services';
import { HostControls } from './host-controls';
import { ServiceExtras } from './service-extras';
import { ServiceRow } from './service-row';
import { StatusFilter } from './status-filter';

type Row =
  | { kind: 'group'; key: string; stack?: string; host: string; count: number; actionable: boolean }
  | { kind: 'service'; service: Service };

/**
 * Whether the viewer gets the stack menu: a compose stack (not standalone containers, not swarm)
 * without Opsdeck in it, and a viewer who may operate everything (a stack action touches every
 * service, so a service-limited token may not). The API checks all of it again.
 */
function stackActionable(
  all: Service[],
  stack: string | undefined,
  host: string,
  viewer: Pick<Principal, 'scopes' | 'services'>,
): boolean {
  if (!stack || viewer.services !== null) return false;
  const members = all.filter((s) => s.stack === stack && s.host === host);
  return (
    members.length > 0 &&
    members.every((s) => s.kind === 'compose' && canOperate(viewer as Principal, s)) &&
    !members.some((s) => s.reasons.some((r) => r.code === SELF_REASON_CODE))
  );
}

const NO_HOSTS: string[] = [];

export function OverviewView({
  initial,
  viewer,
  hosts: configuredHosts = NO_HOSTS,
}: {
  initial?: { services: Service[]; sources: Record<string, SourceStatus> };
  /** who is looking: decides which rows get action buttons (the API checks again) */
  viewer: Pick<Principal, 'id' | 'name' | 'kind' | 'scopes' | 'services'>;
  /** the configured engines' names: the host filter and grouping appear when there are several */
  hosts?: string[];
}) {
  const live = useLiveServices(initial);
  const [statuses, setStatuses] = useState<HealthStatus[]>([]);
  const [text, setText] = useState('');
  const [host, setHost] = useState<string | undefined>(undefined);
  const [groupBy, setGroupBy] = useState<GroupBy>('stack');
  const deferredText = useDeferredValue(text);
  const services = useMemo(() => [...live.services.values()], [live.services]);
  const hosts = useMemo(
    () => [...new Set([...configuredHosts, ...hostsOf(services)])].sort(),
    [configuredHosts, services],
  );
  const multiHost = hosts.length > 1;
  const counts = useMemo(() => countByStatus(services), [services]);
  const anyQueue = useMemo(() => services.some((s) => s.queue !== null), [services]);
  const rows = useMemo<Row[]>(() => {
    const out: Row[] = [];
    const filter = { statuses, text: deferredText, host, groupBy };
    for (const g of groupForDisplay(services, filter)) {
      out.push({
        kind: 'group',
        key: g.key,
        stack: g.stack,
        host: g.host,
        count: g.services.length,
        actionable: stackActionable(services, g.stack, g.host, viewer),
      });
      for (const service of g.services) out.push({ kind: 'service', service });
    }
    return out;
  }, [services, statuses, deferredText, host, groupBy, viewer]);

  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: (i) => (rows[i]?.kind === 'group' ? 44 : 52),
    overscan: 12,
    // a scroll re-renders through React's normal batching, not one synchronous render per scroll
    // event (bench/scroll.mjs: long tasks while scrolling 400 services)
    useFlushSync: false,
  });

  const onScreen = virtualizer
    .getVirtualItems()
    .flatMap((item) => {
      const row = rows[item.index];
      return row?.kind === 'service' ? [row.service.id] : [];
    })
    .join(',');

  const toggle = (s: HealthStatus) =>
    setStatuses((cur) => (cur.includes(s) ? cur.filter((x) => x !== s) : [...cur, s]));

  return (
    <RowStatsProvider ids={onScreen}>
      <QueueSparklinesProvider enabled={anyQueue}>
        <div className="space-y-4">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <StatusFilter counts={counts} selected={statuses} onToggle={toggle} />
            {multiHost ? (
              <HostControls
                hosts={hosts}
                host={host}
                onHost={setHost}
                groupBy={groupBy}
                onGroupBy={setGroupBy}
              />
            ) : null}
            <div className="flex w-full flex-wrap items-center gap-3 sm:w-auto">
              <label className="sr-only" htmlFor="service-search">
                Search services
              </label>
              <input
                id="service-search"
                data-search
                aria-keyshortcuts="/"
                type="search"
                value={text}
                onChange={(e) => setText(e.target.value)}
                placeholder="Search stack/service or image…"
                className="w-full min-w-0 rounded-lg sm:w-64 border border-zinc-300 bg-white px-3 py-1.5 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500 dark:border-zinc-700 dark:bg-zinc-900"
              />
              <ConnectionIndicator connection={live.connection} docker={live.sources.docker} />
            </div>
          </div>
          <SourceBanners sources={live.sources} />
          {!live.loaded ? (
            <p className="text-sm text-zinc-500 dark:text-zinc-400">Loading services…</p>
          ) : rows.length === 0 ? (
            <p className="rounded-lg border border-dashed border-zinc-300 p-8 text-center text-sm text-zinc-500 dark:text-zinc-400 dark:border-zinc-700">
              {services.length === 0 ? 'No services found on the engine.' : 'No service matches the filter.'}
            </p>
          ) : (
            <section
              aria-label="Services"
              className="rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900/40"
            >
              <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
                {virtualizer.getVirtualItems().map((item) => {
                  const row = rows[item.index];
                  if (!row) return null;
                  return (
                    <div
                      key={row.kind === 'group' ? `group:${row.key}` : row.service.id}
                      data-index={item.index}
                      ref={virtualizer.measureElement}
                      // each row's transform makes its own stacking context: an open row menu must
                      // lift its whole row, or the rows after it paint over the menu
                      className="has-[details[open]]:z-10"
                      style={{
                        position: 'absolute',
                        top: 0,
                        left: 0,
                        width: '100%',
                        transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)`,
                      }}
                    >
                      {row.kind === 'group' ? (
                        <GroupHeader row={row} multiHost={multiHost} />
                      ) : (
                        <ServiceLine service={row.service} viewer={viewer} showHost={multiHost} />
                      )}
                    </div>
                  );
                })}
              </div>
            </section>
          )}
        </div>
      </QueueSparklinesProvider>
    </RowStatsProvider>
  );
}

/**
 * A stack (of one engine) or a whole engine, above its services. Names are engine text: plain text
 * only. It and the service line re-render only when their own data changes: scrolling moves the rows
 * (their wrappers' transforms), it does not re-render what is inside them.
 */
const GroupHeader = memo(function GroupHeader({
  row,
  multiHost,
}: {
  row: Extract<Row, { kind: 'group' }>;
  multiHost: boolean;
}) {
  const isHost = row.stack === undefined;
  return (
    <div
      data-testid={isHost ? 'host-group' : 'stack'}
      data-stack={row.stack}
      data-host={row.host}
      className="flex flex-wrap items-baseline gap-x-2 border-b border-zinc-200 bg-zinc-50 px-4 py-2 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 className="min-w-0 truncate text-sm font-semibold">
        {isHost ? `Host ${row.host}` : row.stack || 'Standalone containers'}
      </h2>
      {!isHost && multiHost ? (
        <span className="text-xs text-zinc-500 dark:text-zinc-400">on {row.host}</span>
      ) : null}
      <span className="text-xs text-zinc-500 dark:text-zinc-400">
        {row.count} {row.count === 1 ? 'service' : 'services'}
      </span>
      {row.actionable && row.stack ? <StackActions stack={row.stack} host={row.host} /> : null}
    </div>
  );
});

const ServiceLine = memo(function ServiceLine({
  service,
  viewer,
  showHost,
}: {
  service: Service;
  viewer: Pick<Principal, 'id' | 'name' | 'kind' | 'scopes' | 'services'>;
  showHost: boolean;
}) {
  const mayOperate = canOperate(viewer, service);
  return (
    <ServiceRow
      service={service}
      showHost={showHost}
      extra={
        <>
          <ServiceExtras service={service} />
          <RowSilence service={service} canOperate={mayOperate} />
          <RowActions
            service={service}
            canOperate={mayOperate && !service.reasons.some((r) => r.code === SELF_REASON_CODE)}
          />
        </>
      }
    />
  );
});
