import { describe, expect, it } from 'vitest';
import { createDemuxer, LogStreamError } from '@/lib/docker/demux';
import { createLogDecoder } from './decode';
import type { RawLine } from './types';

function frame(type: number, payload: string | Buffer): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

function decodeChunks(chunks: Buffer[], options = { tty: false, timestamps: true }): RawLine[] {
  const lines: RawLine[] = [];
  const decoder = createLogDecoder(options, (l) => lines.push(l));
  for (const c of chunks) decoder.push(c);
  decoder.end();
  return lines;
}

/** every possible cut of the input into two chunks */
function allSplits(whole: Buffer): Buffer[][] {
  const out: Buffer[][] = [];
  for (let i = 0; i <= whole.length; i++) out.push([whole.subarray(0, i), whole.subarray(i)]);
  return out;
}

const T1 = '2026-11-23T15:11:27.706896806Z';
const T2 = '2026-11-23T15:11:27.8Z';

describe('demuxer', () => {
  it('keeps stdout and stderr apart and validates the header', () => {
    const seen: string[] = [];
    const d = createDemuxer({ tty: false }, (s, p) => seen.push(`${s}:${p.toString()}`));
    d.push(Buffer.concat([frame(1, 'a'), frame(2, 'b')]));
    expect(seen).toEqual(['stdout:a', 'stderr:b']);
    expect(() => d.push(frame(7, 'x'))).toThrow(LogStreamError);
  });

  it('rejects non-zero padding bytes and frames over the cap', () => {
    const bad = frame(1, 'x');
    bad[2] = 1;
    expect(() => createDemuxer({ tty: false }, () => {}).push(bad)).toThrow(/bad frame header/);
    expect(() => createDemuxer({ tty: false, maxFrameBytes: 4 }, () => {}).push(frame(1, 'hello'))).toThrow(
      /exceeds 4/,
    );
  });

  it('parses headers cut at every byte', () => {
    const whole = Buffer.concat([
      frame(1, `${T1} one\n`),
      frame(2, `${T2} two\n`),
      frame(1, `${T2} three\n`),
    ]);
    for (const chunks of allSplits(whole)) {
      const lines = decodeChunks(chunks);
      expect(lines.map((l) => `${l.stream}|${l.ts}|${l.text}`)).toEqual([
        `stdout|${T1}|one`,
        'stderr|2026-11-23T15:11:27.800000000Z|two',
        'stdout|2026-11-23T15:11:27.800000000Z|three',
      ]);
    }
  });

  it('delivers bytes one at a time', () => {
    const whole = Buffer.concat([frame(1, `${T1} é—𝄞\n`), frame(2, `${T1} x\n`)]);
    const chunks = [...whole].map((b) => Buffer.from([b]));
    expect(decodeChunks(chunks).map((l) => l.text)).toEqual(['é—𝄞', 'x']);
  });
});

describe('log decoder', () => {
  it('joins a message the engine split into partial frames, keeping the first timestamp', () => {
    const lines = decodeChunks([frame(1, `${T1} abc`), frame(1, `${T2} def`), frame(1, `${T2} ghi\n`)]);
    expect(lines).toEqual([{ ts: T1, stream: 'stdout', text: 'abcdefghi' }]);
  });

  it('joins a multi-byte character cut between frames', () => {
    const snowman = Buffer.from('☃', 'utf8');
    const first = Buffer.concat([Buffer.from(`${T1} a`), snowman.subarray(0, 1)]);
    const second = Buffer.concat([Buffer.from(`${T2} `), snowman.subarray(1), Buffer.from('b\n')]);
    expect(decodeChunks([frame(1, first), frame(1, second)]).map((l) => l.text)).toEqual(['a☃b']);
  });

  it('keeps separate decoders per stream', () => {
    const euro = Buffer.from('€', 'utf8');
    const lines = decodeChunks([
      frame(1, Buffer.concat([Buffer.from(`${T1} out`), euro.subarray(0, 2)])),
      frame(2, `${T1} err\n`),
      frame(1, Buffer.concat([Buffer.from(`${T2} `), euro.subarray(2), Buffer.from('\n')])),
    ]);
    expect(lines.map((l) => `${l.stream}:${l.text}`)).toEqual(['stderr:err', 'stdout:out€']);
  });

  it('replaces invalid UTF-8 instead of failing', () => {
    const bad = Buffer.concat([Buffer.from(`${T1} x`), Buffer.from([0xff, 0xfe]), Buffer.from('y\n')]);
    expect(decodeChunks([frame(1, bad)])[0]?.text).toBe('x\uFFFD\uFFFDy');
  });

  it('flushes the partial last line at the end', () => {
    const lines = decodeChunks([frame(1, `${T1} done\n`), frame(1, `${T2} no newline`)]);
    expect(lines.map((l) => l.text)).toEqual(['done', 'no newline']);
  });

  it('flushes a frame truncated by the end of input', () => {
    const whole = frame(1, `${T1} truncated line\n`);
    expect(decodeChunks([whole.subarray(0, whole.length - 6)]).map((l) => l.text)).toEqual(['truncated']);
  });

  it('reads a TTY stream raw: timestamps per line, CRLF trimmed, all stdout', () => {
    const raw = Buffer.from(`${T1} one\r\n${T2} two\r\n${T1} \u001b[31mred\u001b[0m`);
    for (const chunks of allSplits(raw)) {
      const lines = decodeChunks(chunks, { tty: true, timestamps: true });
      expect(lines.map((l) => `${l.stream}|${l.text}`)).toEqual([
        'stdout|one',
        'stdout|two',
        'stdout|\u001b[31mred\u001b[0m',
      ]);
    }
  });

  it('cuts over-long lines to a bound and says so', () => {
    const lines: RawLine[] = [];
    const d = createLogDecoder({ tty: false, timestamps: true, maxLineChars: 10 }, (l) => lines.push(l));
    d.push(frame(1, `${T1} ${'x'.repeat(15)}`));
    d.push(frame(1, `${T1} ${'y'.repeat(5)}\n`));
    d.end();
    expect(lines[0]?.text).toBe(`${'x'.repeat(10)} … [10 characters cut]`);
  });

  it('passes a 100 KB line whole', () => {
    const big = 'z'.repeat(100 * 1024);
    const frames = [];
    for (let i = 0; i < big.length; i += 16384) frames.push(frame(1, `${T1} ${big.slice(i, i + 16384)}`));
    frames.push(frame(1, `${T1} \n`));
    const lines = decodeChunks([Buffer.concat(frames)]);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.text.length).toBe(big.length);
  });

  it('leaves a line without a timestamp prefix intact', () => {
    expect(decodeChunks([frame(1, 'plain line\n')])[0]).toEqual({
      ts: '',
      stream: 'stdout',
      text: 'plain line',
    });
  });
});
