import type { RE2JS } from 're2js';
import { memo } from 'react';
import type { LogLevel } from '@/lib/logs/types';
import { AnsiText } from './ansi-text';
import { absoluteTime, type LogRow, relativeTime, rowAsText } from './log-buffer';

export type TimeMode = 'relative' | 'absolute';

const levelClass: Record<LogLevel, string> = {
  error: 'bg-red-600 text-white',
  warn: 'bg-amber-400 text-zinc-900',
  info: 'bg-sky-700 text-white',
  debug: 'bg-zinc-500 text-white',
  unknown: 'bg-transparent text-zinc-500 dark:text-zinc-400',
};

interface Props {
  row: LogRow;
  search: RE2JS | null;
  wrap: boolean;
  timeMode: TimeMode;
  now: number;
  expanded: boolean;
  onToggle: (seq: number) => void;
}

/** One row of the viewer: a line, or a marker for lines dropped or let go of. */
export const LogRowView = memo(function LogRowView({
  row,
  search,
  wrap,
  timeMode,
  now,
  expanded,
  onToggle,
}: Props) {
  if (row.kind !== 'line') {
    return (
      <div className="border-y border-amber-500/40 bg-amber-500/10 px-2 py-0.5 text-amber-700 dark:text-amber-300">
        {row.kind === 'dropped'
          ? `${row.count} lines dropped by the server: this tab was not keeping up`
          : `${row.count} older lines let go of to keep this tab responsive`}
      </div>
    );
  }
  const e = row.entry;
  const fields = e.fields && Object.keys(e.fields).length > 0 ? e.fields : null;
  return (
    <div
      className="group px-2 hover:bg-zinc-100 dark:hover:bg-zinc-900"
      data-testid="log-line"
      data-level={e.level}
    >
      <div className="flex gap-2">
        <span className="shrink-0 text-zinc-500 dark:text-zinc-400 tabular-nums" title={e.ts}>
          {timeMode === 'relative' ? relativeTime(e.ts, now) : absoluteTime(e.ts)}
        </span>
        <span className="w-20 shrink-0 truncate text-violet-600 dark:text-violet-400" title={e.container}>
          {e.container}
        </span>
        <span
          className={`w-12 shrink-0 rounded px-1 text-center text-[10px] uppercase leading-5 ${levelClass[e.level]}`}
        >
          {e.level === 'unknown' ? '' : e.level}
        </span>
        <span
          className={`min-w-0 flex-1 ${wrap ? 'whitespace-pre-wrap break-all' : 'truncate whitespace-pre'} ${e.stream === 'stderr' ? 'text-red-700 dark:text-red-300' : ''}`}
          data-testid="log-message"
        >
          <AnsiText text={e.message} search={search} />
        </span>
        <span className="flex shrink-0 gap-1 opacity-0 group-hover:opacity-100 focus-within:opacity-100">
          {fields ? (
            <button
              type="button"
              className="text-sky-700 hover:underline dark:text-sky-400"
              aria-expanded={expanded}
              onClick={() => onToggle(row.seq)}
            >
              {expanded ? 'less' : 'fields'}
            </button>
          ) : null}
          <button
            type="button"
            className="text-sky-700 hover:underline dark:text-sky-400"
            onClick={() => void navigator.clipboard?.writeText(rowAsText(row))}
          >
            copy
          </button>
        </span>
      </div>
      {fields && expanded ? (
        <dl className="mb-1 ml-8 grid grid-cols-[max-content_1fr] gap-x-3 border-l border-zinc-300 pl-3 dark:border-zinc-700">
          {Object.entries(fields).map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-zinc-500 dark:text-zinc-400">{k}</dt>
              <dd className="whitespace-pre-wrap break-all">
                {typeof v === 'string' ? v : JSON.stringify(v)}
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
    </div>
  );
});
