import { describe, expect, it } from 'vitest';
import { tileDataAge } from './tile-age';
import { fitWall } from './wall-layout';

describe('fitWall', () => {
  it('gives 8 services big tiles and 80 dense ones, always within the box', () => {
    for (const [n, dense] of [
      [8, false],
      [80, true],
    ] as const) {
      const l = fitWall(n, 1872, 820, 12, 26);
      expect(l.cols * l.rows).toBeGreaterThanOrEqual(n);
      expect(l.dense).toBe(dense);
      const tileW = (1872 - 12 * (l.cols - 1)) / l.cols;
      const tileH = (820 - 12 * (l.rows - 1)) / l.rows;
      expect(tileW).toBeGreaterThan(0);
      // the text of a tile (stack line, one-line name, stats line, padding) fits its height
      const lines = l.smallFont * 1.25 * 2 + l.nameFont * 1.25 + (l.dense ? 0 : l.smallFont * 1.25);
      expect(lines + 2 * l.pad).toBeLessThanOrEqual(tileH);
      // and the longest name fits its width on one line at the chosen size
      expect(26 * 0.62 * l.nameFont).toBeLessThanOrEqual(tileW - 2 * l.pad);
    }
  });

  it('shrinks the name font for a long name instead of cutting it', () => {
    const short = fitWall(8, 1872, 820, 12, 10);
    const long = fitWall(8, 1872, 820, 12, 60);
    expect(long.nameFont).toBeLessThan(short.nameFont);
  });
});

describe('tileDataAge', () => {
  const now = Date.parse('2026-01-01T00:01:00Z');
  const ok = { status: 'ok' as const, lastOkAt: '2026-01-01T00:01:00Z' };
  it('is the queue age when the stream is live', () => {
    const queue = {
      value: 1,
      warn: null,
      critical: null,
      level: 'ok' as const,
      fetchedAt: '2026-01-01T00:00:45Z',
    };
    expect(tileDataAge({ queue }, { state: 'live' }, ok, now)).toBe(15_000);
    expect(tileDataAge({ queue: null }, { state: 'live' }, ok, now)).toBe(0);
  });
  it('is as old as the last good engine data when the engine or the stream is down', () => {
    const down = { status: 'down' as const, lastOkAt: '2026-01-01T00:00:00Z' };
    expect(tileDataAge({ queue: null }, { state: 'live' }, down, now)).toBe(60_000);
    const since = now - 5000;
    expect(tileDataAge({ queue: null }, { state: 'reconnecting', since, retryInMs: 1 }, ok, now)).toBe(5000);
    expect(
      tileDataAge({ queue: null }, { state: 'live' }, { status: 'down', lastOkAt: null }, now),
    ).toBeNull();
  });
});
