import { describe, expect, it } from 'vitest';
import { entryAsText, entryFilter } from './filters';
import { compileSearch, logsQuerySchema, parseTimeParam } from './query';
import type { TaggedLine } from './types';

const parse = (q: Record<string, string>) => logsQuerySchema.safeParse(q);

describe('logs query', () => {
  it('has defaults', () => {
    const r = parse({});
    expect(r.success && r.data).toMatchObject({ tail: 500, follow: false, download: false });
  });

  it('reads tail, levels, stream, follow', () => {
    const r = parse({ tail: 'all', level: 'error,WARN', stream: 'stderr', follow: '1' });
    expect(r.success).toBe(true);
    if (!r.success) return;
    expect(r.data.tail).toBe('all');
    expect([...(r.data.level ?? [])]).toEqual(['error', 'warn']);
    expect(r.data.follow).toBe(true);
  });

  it('refuses bad values with clear messages', () => {
    for (const [q, msg] of [
      [{ tail: '-1' }, 'or all'],
      [{ tail: '5000000' }, 'or all'],
      [{ level: 'error,loud' }, 'unknown level loud'],
      [{ q: '([a-z' }, 'not a valid regular expression'],
      [{ q: '(a)\\1' }, 'no backreferences'],
      [{ q: '(?=a)b' }, 'no backreferences or lookaround'],
      [{ since: 'yesterday' }, 'since: use an ISO time'],
      [{ stream: 'stdin' }, ''],
    ] as const) {
      const r = parse(q);
      expect(r.success).toBe(false);
      if (!r.success) expect(r.error.issues[0]?.message).toContain(msg);
    }
  });

  it('reads relative, ISO and Unix times', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    expect(parseTimeParam('15m', now)?.toISOString()).toBe('2026-11-23T11:45:00.000Z');
    expect(parseTimeParam('2h', now)?.toISOString()).toBe('2026-11-23T10:00:00.000Z');
    expect(parseTimeParam('2026-11-23T10:00:00Z')?.toISOString()).toBe('2026-11-23T10:00:00.000Z');
    expect(parseTimeParam('1700000000')?.toISOString()).toBe('2023-11-14T22:13:20.000Z');
    expect(parseTimeParam('soon')).toBeNull();
  });

  it('searches case-insensitively', () => {
    const re = compileSearch('time\\s*out');
    expect(typeof re !== 'string' && re.test('TIME OUT')).toBe(true);
  });

  it('runs any pattern in time linear in the line (RE2): catastrophic backtracking patterns match fast', () => {
    // With RegExp, `(.|.)*ZZZ` on 24 characters took seconds and doubled per character; on 100 000
    // characters it would never return. Completing at all is the assertion (no timing).
    for (const pattern of ['(a+)+$', '(.|.)*ZZZ', '(a|aa)*b', '^(\\w+\\s?)*$']) {
      const r = parse({ q: pattern });
      expect(r.success, pattern).toBe(true);
      if (!r.success) continue;
      expect(r.data.q?.test(`${'a'.repeat(100_000)}!`)).toBe(false);
    }
  });
});

describe('entryFilter', () => {
  const line = (text: string, stream: 'stdout' | 'stderr' = 'stdout'): TaggedLine => ({
    ts: '2026-11-23T12:00:00.000000000Z',
    stream,
    text,
    container: 'web-1',
  });
  const filterOf = (q: Record<string, string>, raw = false) => {
    const r = logsQuerySchema.safeParse(q);
    if (!r.success) throw r.error;
    return entryFilter(r.data, { rawMessage: raw });
  };

  it('filters by level, stream and search, searching the text without escape codes', () => {
    const f = filterOf({ level: 'error', q: 'disk full', stream: 'stderr' });
    expect(f(line('ERROR \u001b[1mdisk\u001b[0m full', 'stderr'))).toMatchObject({ level: 'error' });
    expect(f(line('ERROR disk full', 'stdout'))).toBeNull();
    expect(f(line('INFO disk full', 'stderr'))).toBeNull();
    expect(f(line('ERROR other', 'stderr'))).toBeNull();
  });

  it('builds the API entry, or the raw line for downloads', () => {
    expect(filterOf({})(line('{"level":"warn","msg":"hi","n":1}'))).toEqual({
      ts: '2026-11-23T12:00:00.000000000Z',
      container: 'web-1',
      stream: 'stdout',
      level: 'warn',
      message: 'hi',
      fields: { n: 1 },
    });
    const raw = filterOf({}, true)(line('\u001b[31m{"level":"warn","msg":"hi"}'));
    expect(raw && entryAsText(raw)).toBe(
      '2026-11-23T12:00:00.000000000Z web-1 stdout WARN {"level":"warn","msg":"hi"}',
    );
  });
});

describe('ndjsonLine', () => {
  it('writes exactly what JSON.stringify would', async () => {
    const { ndjsonLine } = await import('./respond');
    const entries = [
      {
        ts: '2026-11-23T12:00:00.000000000Z',
        container: 'web-1',
        stream: 'stdout',
        level: 'warn',
        message: 'a "q" \u001b[31m\n<b>',
        fields: { n: 1, s: '"' },
      },
      { ts: '', container: 'w"x', stream: 'stderr', level: 'unknown', message: '\uFFFD', fields: null },
    ] as const;
    for (const e of entries) expect(ndjsonLine(e)).toBe(JSON.stringify(e));
    expect(ndjsonLine({ ts: 't', dropped: 3 })).toBe('{"ts":"t","dropped":3}');
  });
});
