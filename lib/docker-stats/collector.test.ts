import { describe, expect, it } from 'vitest';
import { StatsCollector } from './collector';
import { sumSeries, toSample } from './compute';

describe('toSample', () => {
  it('computes CPU cores and working-set memory like docker stats', () => {
    const s = toSample({
      read: '2026-01-01T00:00:10Z',
      cpu_stats: { cpu_usage: { total_usage: 2_000 }, system_cpu_usage: 20_000, online_cpus: 4 },
      precpu_stats: { cpu_usage: { total_usage: 1_000 }, system_cpu_usage: 10_000 },
      memory_stats: { usage: 1000, stats: { inactive_file: 200 } },
    });
    expect(s).toEqual({ t: Date.parse('2026-01-01T00:00:10Z') / 1000, cpu: 0.4, memory: 800 });
  });
  it('has no CPU without a previous reading', () => {
    expect(toSample({ cpu_stats: {}, memory_stats: {} }, 0)).toEqual({ t: 0, cpu: null, memory: null });
  });
  it('sums containers per bucket', () => {
    const a = [{ t: 100, cpu: 1, memory: 10 }];
    const b = [{ t: 105, cpu: 0.5, memory: null }];
    expect(sumSeries([a, b], 'cpu')).toEqual([[100, 1.5]]);
    expect(sumSeries([a, b], 'memory')).toEqual([[100, 10]]);
  });
});

// The sampler is a counting stand-in: these cases check scheduling (how often, how many at once), which
// a real engine cannot make observable. Real engine sampling is covered in
// tests/integration/prometheus-api.test.ts (series falls back to Docker stats).
describe('StatsCollector', () => {
  it('samples each watched container at most once per 10 s, however many watchers', async () => {
    let now = 1_000_000;
    const calls: string[] = [];
    const c = new StatsCollector(
      async (_host, id) => {
        calls.push(id);
        return { memory_stats: { usage: 5 } };
      },
      () => now,
    );
    for (let i = 0; i < 20; i++) c.watch('local', ['a', 'b']);
    await new Promise((r) => setTimeout(r, 10));
    expect(calls.sort()).toEqual(['a', 'b']);
    now += 5_000;
    c.watch('local', ['a', 'b']);
    await new Promise((r) => setTimeout(r, 10));
    expect(calls).toHaveLength(2);
    now += 6_000;
    const series = c.watch('local', ['a', 'b']);
    await new Promise((r) => setTimeout(r, 10));
    expect(calls).toHaveLength(4);
    expect(series.memory[0]?.[1]).toBe(10);
    c.stop();
  });
  it('keeps at most 3 engine requests in flight', async () => {
    let inflight = 0;
    let peak = 0;
    const c = new StatsCollector(async () => {
      inflight++;
      peak = Math.max(peak, inflight);
      await new Promise((r) => setTimeout(r, 5));
      inflight--;
      return {};
    });
    c.watch('local', ['1', '2', '3', '4', '5', '6']);
    await new Promise((r) => setTimeout(r, 30));
    expect(peak).toBe(3);
    c.stop();
  });
});
