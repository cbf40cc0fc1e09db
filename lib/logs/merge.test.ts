import { describe, expect, it } from 'vitest';
import { inTimeOrder, lastItems, mapBatches, mergeByTime } from './merge';

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

describe('inTimeOrder', () => {
  const ns = (n: number) => ({ ts: `2026-11-28T20:57:15.${String(n).padStart(9, '0')}Z`, n });

  it('puts a line the engine wrote late (the other stream) back in time order, across batches', async () => {
    // stdout's line 3 written after stderr's 4 and 5: it arrives in the next batch
    const lines = Array.from({ length: 200 }, (_, i) => ns(i));
    const first = [...lines.slice(0, 3), lines[4], lines[5]].filter((l) => l !== undefined);
    const second = [lines[3], ...lines.slice(6)].filter((l) => l !== undefined);
    const out = await collect(inTimeOrder(batches(first, second)));
    expect(out.map((l) => l.n)).toEqual(lines.map((l) => l.n));
  });

  it('keeps a line without a timestamp with the line before it, and drops nothing', async () => {
    const out = await collect(inTimeOrder(batches([ns(2), { ts: '', n: -1 }, ns(1)], [ns(3)])));
    expect(out.map((l) => l.n)).toEqual([1, 2, -1, 3]);
  });
});
