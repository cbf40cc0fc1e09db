import { describe, expect, it } from 'vitest';
import type { LogEntry } from '@/lib/logs/types';
import {
  appendRows,
  emptyBuffer,
  matchRanges,
  relativeTime,
  rowAsText,
  rowMatches,
  searchPattern,
} from './log-buffer';

const entry = (message: string): LogEntry => ({
  ts: '2026-11-23T12:00:00.000000000Z',
  container: 'web-1',
  stream: 'stdout',
  level: 'info',
  message,
  fields: null,
});

describe('log buffer', () => {
  it('keeps at most the bound and marks what it let go of', () => {
    let b = emptyBuffer();
    for (let i = 0; i < 5; i++) b = appendRows(b, [{ entry: entry(`a${i}`) }, { entry: entry(`b${i}`) }], 4);
    expect(b.rows).toHaveLength(5);
    expect(b.rows[0]).toEqual({ kind: 'trimmed', seq: 0, count: 6 });
    expect(b.rows.slice(1).map((r) => (r.kind === 'line' ? r.entry.message : r.kind))).toEqual([
      'a3',
      'b3',
      'a4',
      'b4',
    ]);
  });

  it('turns server drop notices into rows', () => {
    const b = appendRows(emptyBuffer(), [{ entry: entry('x') }, { dropped: 12, ts: 't' }]);
    expect(b.rows[1]).toEqual({ kind: 'dropped', seq: 2, ts: 't', count: 12 });
    expect(rowAsText(b.rows[1] ?? { kind: 'trimmed', seq: 0, count: 0 })).toContain('12 lines dropped');
  });
});

describe('search', () => {
  it('is a case-insensitive regex, falling back to plain text', () => {
    const { regex, error } = searchPattern('err(or)?');
    expect(error).toBeNull();
    expect(matchRanges('An ERROR and an err', regex)).toEqual([
      [3, 8],
      [16, 19],
    ]);
    const bad = searchPattern('([');
    expect(bad.error).not.toBeNull();
    expect(matchRanges('a ([ b', bad.regex)).toEqual([[2, 4]]);
    expect(matchRanges('abc', searchPattern('x*').regex)).toEqual([]);
    expect(matchRanges('ab ab', searchPattern('b|').regex)).toEqual([
      [1, 2],
      [4, 5],
    ]);
  });

  it("uses the server's engine (RE2): same matches, no hang, lookaround shown as an error", () => {
    const slow = searchPattern('(.|.)*ZZZ');
    expect(slow.error).toBeNull();
    expect(rowMatches({ kind: 'line', seq: 1, entry: entry('a'.repeat(100_000)) }, slow.regex)).toBe(false);
    const look = searchPattern('a(?=b)');
    expect(look.error).toMatch(/Perl syntax/);
    expect(matchRanges('xa(?=b)', look.regex)).toEqual([[1, 7]]);
    expect(matchRanges('Ünïcode ü', searchPattern('ü').regex)).toEqual([
      [0, 1],
      [8, 9],
    ]);
  });

  it('matches the text without escape codes', () => {
    const row = { kind: 'line' as const, seq: 1, entry: entry('\u001b[31mdisk\u001b[0m full') };
    expect(rowMatches(row, searchPattern('disk full').regex)).toBe(true);
    expect(rowMatches(row, searchPattern('31m').regex)).toBe(false);
  });
});

it('formats relative times', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');
  expect(relativeTime('2026-11-23T11:59:30.000000000Z', now)).toBe('30s ago');
  expect(relativeTime('2026-11-23T10:00:00.000000000Z', now)).toBe('2h ago');
});
