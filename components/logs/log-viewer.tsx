'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ops } from '@/lib/contract';
import { operationUrl } from '@/lib/contract/client';
import { DEFAULT_MAX_ROWS, rowAsText, rowMatches, searchPattern } from './log-buffer';
import { LogRowView } from './log-row';
import { LogToolbar, type ToolbarState } from './log-toolbar';
import { useLogStream } from './use-log-stream';

interface Props {
  serviceId: string;
  /** replica labels for the replica filter (`web-1`, `web.2`) */
  replicas?: string[];
  /** lines loaded before following (default 1000) */
  tail?: number;
  maxRows?: number;
  /** height of the scroll area (a panel is shorter than the page) */
  heightClass?: string;
}

const BOTTOM_SLACK_PX = 24;
/** one unwrapped line (text-xs, leading-5) */
const ROW_PX = 20;

/** The logs of a service, followed live: virtualised rows over a bounded buffer. */
export function LogViewer({
  serviceId,
  replicas = [],
  tail = 1000,
  maxRows = DEFAULT_MAX_ROWS,
  heightClass = 'h-[70vh]',
}: Props) {
  const [state, setState] = useState<ToolbarState>({
    levels: [],
    stream: null,
    container: null,
    search: '',
    wrap: false,
    timeMode: 'relative',
  });
  const [paused, setPaused] = useState(false);
  const [following, setFollowing] = useState(true);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const [now, setNow] = useState(() => Date.now());
  const base = operationUrl(ops.logsService, { id: serviceId });
  const filters = useMemo(
    () => ({ levels: state.levels, stream: state.stream, container: state.container, tail }),
    [state.levels, state.stream, state.container, tail],
  );
  const { buffer, status, error, heldCount } = useLogStream(base, filters, paused, maxRows);
  const { regex, error: searchError } = useMemo(() => searchPattern(state.search), [state.search]);
  const rows = useMemo(
    () => (regex ? buffer.rows.filter((r) => rowMatches(r, regex)) : buffer.rows),
    [buffer, regex],
  );

  // Rows are a fixed height unless wrapped or expanded: measuring every row (layout reads) is then skipped,
  // which is what keeps 1,000 lines/s smooth.
  const measure = state.wrap || expanded.size > 0;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_PX,
    overscan: 30,
    getItemKey: (i) => rows[i]?.seq ?? i,
  });

  // sizes measured while wrapped or expanded are stale once rows are a fixed height again
  useEffect(() => {
    if (!measure) virtualizer.measure();
  }, [measure, virtualizer]);

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(t);
  }, []);

  useEffect(() => {
    if (following && rows.length > 0) virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
  }, [following, rows, virtualizer]);

  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= BOTTOM_SLACK_PX;
    setFollowing(atBottom);
  }, []);

  const toggle = useCallback((seq: number) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(seq)) next.delete(seq);
      else next.add(seq);
      return next;
    });
  }, []);

  const download = () => {
    const text = `${rows.map(rowAsText).join('\n')}\n`;
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `logs-${new Date().toISOString().slice(0, 19)}.log`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const lineCount = rows.length - (rows[0]?.kind === 'trimmed' ? 1 : 0);
  return (
    <section className="flex flex-col gap-2" aria-label="Logs">
      <LogToolbar
        state={state}
        onChange={(patch) => setState((s) => ({ ...s, ...patch }))}
        replicas={replicas}
        searchError={searchError}
      />
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <button
          type="button"
          className="rounded-md border border-zinc-300 px-2.5 py-1 dark:border-zinc-700"
          onClick={() => setPaused((p) => !p)}
        >
          {paused ? 'Resume' : 'Pause'}
        </button>
        {paused && heldCount > 0 ? (
          <span data-testid="held-count">{heldCount} new lines while paused</span>
        ) : null}
        {!following ? (
          <button
            type="button"
            className="rounded-md bg-sky-700 px-2.5 py-1 text-white"
            onClick={() => setFollowing(true)}
          >
            Jump to bottom
          </button>
        ) : null}
        <button
          type="button"
          className="rounded-md border border-zinc-300 px-2.5 py-1 dark:border-zinc-700"
          onClick={download}
        >
          Download shown
        </button>
        <span
          className="ml-auto text-zinc-500 dark:text-zinc-400"
          data-testid="log-status"
          data-status={status}
        >
          {statusText(status)} · {lineCount} lines{regex ? ' match' : ''}
        </span>
      </div>
      {error ? (
        <p
          role="alert"
          className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {error}
        </p>
      ) : null}
      <div
        ref={scrollRef}
        onScroll={onScroll}
        className={`${heightClass} overflow-auto rounded-md border border-zinc-200 bg-white font-mono text-xs leading-5 dark:border-zinc-800 dark:bg-zinc-950`}
        data-testid="log-scroll"
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={measure ? virtualizer.measureElement : undefined}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  width: '100%',
                  height: measure ? undefined : ROW_PX,
                  overflow: measure ? undefined : 'hidden',
                  transform: `translateY(${item.start}px)`,
                }}
              >
                <LogRowView
                  row={row}
                  search={regex}
                  wrap={state.wrap}
                  timeMode={state.timeMode}
                  now={now}
                  expanded={expanded.has(row.seq)}
                  onToggle={toggle}
                />
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}

function statusText(status: string): string {
  switch (status) {
    case 'live':
      return 'following';
    case 'reconnecting':
      return 'reconnecting…';
    case 'ended':
      return 'stream ended';
    case 'failed':
      return 'not available';
    default:
      return 'connecting…';
  }
}
