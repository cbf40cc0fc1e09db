import { describe, expect, it } from 'vitest';
import { ansiSpans, stripAnsi } from './ansi';
import { parseLine, parseLogfmt } from './parse';
import { normaliseTimestamp } from './timestamp';

describe('parseLine', () => {
  it('reads JSON level, message and keeps other fields', () => {
    expect(parseLine('{"level":"WARN","msg":"slow","ms":1200,"user":{"id":1}}')).toEqual({
      level: 'warn',
      message: 'slow',
      fields: { ms: 1200, user: { id: 1 } },
    });
    expect(parseLine('{"severity":"error","message":"boom"}').level).toBe('error');
    expect(parseLine('{"lvl":"dbug","msg":"x"}').level).toBe('unknown');
    expect(parseLine('{"level":50,"msg":"pino"}').level).toBe('error');
    expect(parseLine('{"level":30,"msg":"pino"}').level).toBe('info');
  });

  it('keeps the raw line as message when JSON has no message field', () => {
    const line = '{"level":"info","count":3}';
    expect(parseLine(line)).toEqual({ level: 'info', message: line, fields: { count: 3 } });
  });

  it('treats broken JSON and arrays as text', () => {
    expect(parseLine('{"level":"error"').fields).toBeNull();
    expect(parseLine('[1,2]').fields).toBeNull();
  });

  it('reads logfmt', () => {
    expect(parseLine('time=2026-01-01 level=error msg="disk \\"full\\"" path=/data')).toEqual({
      level: 'error',
      message: 'disk "full"',
      fields: { time: '2026-01-01', path: '/data' },
    });
    expect(parseLogfmt('a=1 then prose')).toBeNull();
    expect(parseLogfmt('only=one')).toBeNull();
  });

  it('finds a level word near the start of plain text', () => {
    expect(parseLine('ERROR: disk full').level).toBe('error');
    expect(parseLine('2026-11-23 15:04:05 [warn] retrying').level).toBe('warn');
    expect(parseLine('[INFO] started').level).toBe('info');
    expect(parseLine('E1123 15:04:05.000000 1 main.go] failed').level).toBe('error');
    expect(parseLine('1:M 23 Nov 2026 15:04:05.000 * Ready to accept connections').level).toBe('info');
    expect(parseLine('hello world').level).toBe('unknown');
    expect(parseLine('0 errors found').level).toBe('unknown');
  });

  it('detects levels through ANSI colour codes but keeps them in the message', () => {
    const line = '\u001b[31mERROR\u001b[0m failed';
    expect(parseLine(line)).toEqual({ level: 'error', message: line, fields: null });
  });
});

describe('ansi', () => {
  it('parses colours into spans and never into markup', () => {
    const spans = ansiSpans('\u001b[31m<script>alert(1)</script>\u001b[0m plain \u001b[1;38;2;1;2;3mtc');
    expect(spans.map((s) => s.text)).toEqual(['<script>alert(1)</script>', ' plain ', 'tc']);
    expect(spans[0]?.fg).toBe('rgb(187, 0, 0)');
    expect(spans[2]).toMatchObject({ fg: 'rgb(1, 2, 3)', bold: true });
  });

  it('strips escape sequences for search and download', () => {
    expect(stripAnsi('\u001b[32mok\u001b[0m done')).toBe('ok done');
    expect(stripAnsi('no escapes')).toBe('no escapes');
  });
});

describe('timestamps', () => {
  it('normalises to a fixed 9-digit fraction', () => {
    expect(normaliseTimestamp('2026-11-23T15:11:27Z')).toBe('2026-11-23T15:11:27.000000000Z');
    expect(normaliseTimestamp('2026-11-23T15:11:27.5Z')).toBe('2026-11-23T15:11:27.500000000Z');
    expect(normaliseTimestamp('2026-11-23T16:11:27.5+01:00')).toBe('2026-11-23T15:11:27.500000000Z');
    expect(normaliseTimestamp('not a time at all, sorry')).toBeNull();
  });
});

describe('timestamp safety', () => {
  it('never passes through a token with characters other than digits and separators', () => {
    expect(normaliseTimestamp('2026-11-23T15:11:27.70689"806Z')).toBeNull();
    expect(normaliseTimestamp('2026-11-23T15:11:27"Z')).toBeNull();
    expect(normaliseTimestamp('2026-"1-23T15:11:27.706896806Z')).toBeNull();
  });
});
