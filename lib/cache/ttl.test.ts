import { describe, expect, it } from 'vitest';
import { TtlCache } from './ttl';

describe('TtlCache', () => {
  it('shares one in-flight load between concurrent callers', async () => {
    let calls = 0;
    const cache = new TtlCache<number>({ ttlMs: 1000, staleIfErrorMs: 10_000 });
    const load = async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 10));
      return calls;
    };
    const results = await Promise.all([cache.get('k', load), cache.get('k', load), cache.get('k', load)]);
    expect(calls).toBe(1);
    expect(results.map((r) => r.data)).toEqual([1, 1, 1]);
  });

  it('serves the last good value marked stale when a refresh fails, then gives up after the bound', async () => {
    let t = 0;
    const cache = new TtlCache<string>({ ttlMs: 100, staleIfErrorMs: 1000, now: () => t });
    await cache.get('k', async () => 'good');
    t = 500;
    const stale = await cache.get('k', async () => {
      throw new Error('down');
    });
    expect(stale).toMatchObject({ data: 'good', stale: true, error: 'down' });
    expect(stale.fetchedAt.getTime()).toBe(0);
    t = 2000;
    await expect(
      cache.get('k', async () => {
        throw new Error('still down');
      }),
    ).rejects.toThrow('still down');
  });

  it('refetches after the TTL', async () => {
    let t = 0;
    let n = 0;
    const cache = new TtlCache<number>({ ttlMs: 100, staleIfErrorMs: 0, now: () => t });
    await cache.get('k', async () => ++n);
    t = 50;
    expect((await cache.get('k', async () => ++n)).data).toBe(1);
    t = 150;
    expect((await cache.get('k', async () => ++n)).data).toBe(2);
  });
});
