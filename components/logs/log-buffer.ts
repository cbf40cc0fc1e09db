import { RE2JS } from 're2js';
import { stripAnsi } from '@/lib/logs/ansi';
import type { LogEntry } from '@/lib/logs/types';

/**
 * The viewer's bounded buffer: rows in arrival order, older rows dropped past the bound with one
 * marker saying how many, so a tab followed for hours keeps a flat heap.
 */

export type LogRow =
  | { kind: 'line'; seq: number; entry: LogEntry }
  /** lines the server could not send because this tab was not keeping up */
  | { kind: 'dropped'; seq: number; ts: string; count: number }
  /** lines this tab let go of to stay within its bound */
  | { kind: 'trimmed'; seq: number; count: number };

export const DEFAULT_MAX_ROWS = 50_000;

export interface LogBuffer {
  rows: LogRow[];
  trimmed: number;
  nextSeq: number;
}

export const emptyBuffer = (): LogBuffer => ({ rows: [], trimmed: 0, nextSeq: 1 });

/** Appends a batch and trims from the front; returns a new buffer object (rows array copied once). */
export function appendRows(
  buffer: LogBuffer,
  batch: ({ entry: LogEntry } | { dropped: number; ts: string })[],
  maxRows = DEFAULT_MAX_ROWS,
): LogBuffer {
  let seq = buffer.nextSeq;
  const added: LogRow[] = batch.map((item) =>
    'entry' in item
      ? { kind: 'line', seq: seq++, entry: item.entry }
      : { kind: 'dropped', seq: seq++, ts: item.ts, count: item.dropped },
  );
  let body = buffer.rows[0]?.kind === 'trimmed' ? buffer.rows.slice(1) : buffer.rows;
  body = body.concat(added);
  let trimmed = buffer.trimmed;
  if (body.length > maxRows) {
    const excess = body.length - maxRows;
    trimmed += body.slice(0, excess).filter((r) => r.kind === 'line').length;
    body = body.slice(excess);
  }
  const rows: LogRow[] = trimmed > 0 ? [{ kind: 'trimmed', seq: 0, count: trimmed }, ...body] : body;
  return { rows, trimmed, nextSeq: seq };
}

/**
 * The search box: a case-insensitive pattern with the server's semantics (RE2, lib/logs/query.ts), so
 * what is highlighted is what `q` would keep, and a pattern cannot hang the tab; plain text when RE2
 * cannot compile it.
 */
export function searchPattern(text: string): { regex: RE2JS | null; error: string | null } {
  if (!text) return { regex: null, error: null };
  try {
    return { regex: RE2JS.compile(text, RE2JS.CASE_INSENSITIVE), error: null };
  } catch (err) {
    return {
      regex: RE2JS.compile(RE2JS.quote(text), RE2JS.CASE_INSENSITIVE),
      error: err instanceof Error ? err.message : 'invalid pattern',
    };
  }
}

export function rowMatches(row: LogRow, regex: RE2JS | null): boolean {
  if (!regex || row.kind !== 'line') return true;
  return regex.test(stripAnsi(row.entry.message));
}

/** Text ranges of `text` that match, for highlighting (never empty matches). */
export function matchRanges(text: string, regex: RE2JS | null): [number, number][] {
  if (!regex) return [];
  const out: [number, number][] = [];
  const m = regex.matcher(text);
  let from = 0;
  while (from <= text.length && out.length < 1000 && m.find(from)) {
    const [start, end] = [m.start(), m.end()];
    if (end > start) out.push([start, end]);
    from = end > start ? end : start + 1;
  }
  return out;
}

export function rowAsText(row: LogRow): string {
  switch (row.kind) {
    case 'line': {
      const e = row.entry;
      const fields = e.fields && Object.keys(e.fields).length > 0 ? ` ${JSON.stringify(e.fields)}` : '';
      return `${e.ts} ${e.container} ${e.stream} ${e.level.toUpperCase()} ${stripAnsi(e.message)}${fields}`;
    }
    case 'dropped':
      return `# ${row.ts} ${row.count} lines dropped: this tab did not keep up`;
    case 'trimmed':
      return `# ${row.count} older lines let go of (buffer bound)`;
  }
}

/** `3s ago`, `5m ago`, `2h ago`, `4d ago`. */
export function relativeTime(ts: string, now: number): string {
  const ms = Date.parse(ts);
  if (Number.isNaN(ms)) return '';
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86_400)}d ago`;
}

/** `2026-11-23 15:04:05.123` in local time. */
export function absoluteTime(ts: string): string {
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
