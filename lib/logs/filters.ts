import { stripAnsi } from './ansi';
import { parseLine } from './parse';
import type { LogsQuery } from './query';
import { timestampOf } from './timestamp';
import type { LogEntry, TaggedLine } from './types';

/**
 * The per-line part of a query: parse, then keep or drop by stream, level, search and time.
 * `since`/`until` are also given to the engine; checking them here too keeps follow mode exact.
 */
export function entryFilter(
  query: LogsQuery,
  /** keep the line as the engine gave it as `message` (downloads), instead of the parsed message */
  options: { rawMessage?: boolean } = {},
): (line: TaggedLine) => LogEntry | null {
  const rawMessage = options.rawMessage === true;
  const since = query.since ? timestampOf(query.since) : null;
  const until = query.until ? timestampOf(query.until) : null;
  const { stream, level: levels, q: search } = query;
  return (line) => {
    if (stream && line.stream !== stream) return null;
    if (line.ts) {
      if (since && line.ts < since) return null;
      if (until && line.ts > until) return null;
    }
    if (search && !search.test(stripAnsi(line.text))) return null;
    const parsed = parseLine(line.text);
    if (levels && !levels.has(parsed.level)) return null;
    return {
      ts: line.ts,
      container: line.container,
      stream: line.stream,
      level: parsed.level,
      message: rawMessage ? line.text : parsed.message,
      fields: rawMessage ? null : parsed.fields,
    };
  };
}

/** One line of a download: `ts container stream LEVEL line`, escape sequences removed. */
export function entryAsText(entry: LogEntry): string {
  return `${entry.ts} ${entry.container} ${entry.stream} ${entry.level.toUpperCase()} ${stripAnsi(entry.message)}`;
}
