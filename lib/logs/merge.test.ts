import { describe, expect, it } from 'vitest';
import { lastItems, mapBatches, mergeByTime } from './merge';

async function* batches<T>(...list: T[][]): AsyncGenerator<T[]> {
  for (const b of list) yield b;
}

async function collect<T>(source: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const b of source) out.push(...b);
  return out;
}

const at = (s: number, tag: string) => ({
  ts: `2026-01-01T00:00:${String(s).padStart(2, '0')}.000000000Z`,
  tag,
});

describe('mergeByTime', () => {
  it('interleaves sources by timestamp across batch boundaries', async () => {
    const a = batches([at(1, 'a1'), at(4, 'a4')], [at(6, 'a6')]);
    const b = batches([at(2, 'b2')], [at(3, 'b3'), at(5, 'b5'), at(7, 'b7')]);
    const c = batches<ReturnType<typeof at>>();
    expect((await collect(mergeByTime([a, b, c]))).map((x) => x.tag)).toEqual([
      'a1',
      'b2',
      'b3',
      'a4',
      'b5',
      'a6',
      'b7',
    ]);
  });

  it('keeps a line without a timestamp after the line before it from the same source', async () => {
    const a = batches([at(1, 'a1'), { ts: '', tag: 'a-none' }, at(5, 'a5')]);
    const b = batches([at(3, 'b3')]);
    expect((await collect(mergeByTime([a, b]))).map((x) => x.tag)).toEqual(['a1', 'a-none', 'b3', 'a5']);
  });

  it('closes every source when the consumer stops early', async () => {
    let closed = 0;
    async function* endless(tag: string): AsyncGenerator<{ ts: string; tag: string }[]> {
      try {
        for (let i = 0; ; i++) yield [at(i % 60, tag)];
      } finally {
        closed++;
      }
    }
    for await (const _ of mergeByTime([endless('a'), endless('b')])) break;
    expect(closed).toBe(2);
  });
});

describe('lastItems', () => {
  it('keeps the last n in order', async () => {
    const src = batches([1, 2, 3], [4, 5], [6, 7, 8, 9]);
    expect(await collect(lastItems(src, 4))).toEqual([6, 7, 8, 9]);
    expect(await collect(lastItems(batches([1, 2]), 5))).toEqual([1, 2]);
    expect(await collect(lastItems(batches([1, 2]), 0))).toEqual([]);
  });
});

describe('mapBatches', () => {
  it('maps and drops', async () => {
    expect(await collect(mapBatches(batches([1, 2, 3, 4]), (n) => (n % 2 ? n * 10 : null)))).toEqual([
      10, 30,
    ]);
  });
});
