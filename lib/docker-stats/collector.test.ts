import { describe, expect, it } from 'vitest';
import { StatsCollector, type StatsStreamOpener } from './collector';
import { countersOf, sumSeries, toSample } from './compute';

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
  it('turns network and block IO counters into rates against the previous document', () => {
    const doc = (sec: number, rx: number, wr: number) => ({
      read: `2026-01-01T00:00:${String(sec).padStart(2, '0')}Z`,
      networks: { eth0: { rx_bytes: rx, tx_bytes: 0 } },
      blkio_stats: { io_service_bytes_recursive: [{ op: 'write', value: wr }] },
    });
    const prev = countersOf(doc(10, 1000, 0));
    const s = toSample(doc(12, 5000, 4096), 0, prev);
    expect(s.netRx).toBe(2000);
    expect(s.netTx).toBe(0);
    expect(s.blockWrite).toBe(2048);
    expect(s.blockRead).toBe(0);
    expect(toSample(doc(12, 5000, 4096)).netRx).toBeUndefined();
  });
  it('sums containers per bucket, one sample per container and bucket', () => {
    const a = [{ t: 100, cpu: 1, memory: 10 }];
    const b = [
      { t: 101, cpu: 0.25, memory: null },
      { t: 105, cpu: 0.5, memory: null },
    ];
    expect(sumSeries([a, b], 'cpu')).toEqual([[100, 1.5]]);
    expect(sumSeries([a, b], 'memory')).toEqual([[100, 10]]);
  });
});

// The engine is a scripted stand-in here: these cases check scheduling (how many streams, which
// first, when they close), which a real engine cannot make observable in a deterministic way. Real
// streams are covered in tests/integration/container-stats.test.ts.
function fakeEngine() {
  const open = new Map<string, (doc: object) => void>();
  const opened: string[] = [];
  const opener: StatsStreamOpener = async (_host, id, signal) => {
    opened.push(id);
    const queue: string[] = [];
    let wake: (() => void) | null = null;
    open.set(id, (doc) => {
      queue.push(`${JSON.stringify(doc)}\n`);
      wake?.();
    });
    signal.addEventListener('abort', () => wake?.());
    return (async function* () {
      try {
        while (!signal.aborted) {
          const next = queue.shift();
          if (next !== undefined) yield next;
          else await new Promise<void>((r) => (wake = r));
        }
      } finally {
        open.delete(id);
      }
    })();
  };
  return { open, opened, opener };
}
const settle = () => new Promise((r) => setTimeout(r, 10));

describe('StatsCollector', () => {
  it('opens one stream per container however many look, at most the limit, threshold services first', async () => {
    const f = fakeEngine();
    const c = new StatsCollector(f.opener, Date.now, () => 2);
    c.setAlways([{ host: 'local', id: 'hot' }]);
    for (let i = 0; i < 5; i++) c.look('local', ['a', 'b']);
    await settle();
    expect(c.openStreams()).toBe(2);
    expect(f.opened.sort()).toEqual(['a', 'hot']);
    expect(c.streaming('b')).toBe(false);
    c.stop();
    await settle();
    expect(c.openStreams()).toBe(0);
  });

  it('closes a stream 15 s after the last look, keeps threshold services', async () => {
    let now = 1_000_000;
    const f = fakeEngine();
    const c = new StatsCollector(
      f.opener,
      () => now,
      () => 10,
    );
    c.setAlways([{ host: 'local', id: 'hot' }]);
    c.look('local', ['a']);
    await settle();
    expect(c.openStreams()).toBe(2);
    now += 10_000;
    c.look('local', []);
    await settle();
    expect(c.streaming('a')).toBe(true);
    now += 6_000;
    c.look('local', []);
    await settle();
    expect(c.streaming('a')).toBe(false);
    expect(c.streaming('hot')).toBe(true);
    expect(c.openStreams()).toBe(1);
    c.stop();
  });

  it('keeps samples from the stream and wakes a waiter at the first CPU delta', async () => {
    const f = fakeEngine();
    const c = new StatsCollector(f.opener, Date.now, () => 10);
    c.look('local', ['a']);
    await settle();
    const waited = c.firstSamples(['a'], 5000);
    const at = (ms: number) => new Date(Date.now() + ms).toISOString();
    const cpu = (total: number, system: number) => ({ total_usage: total, system: system });
    const doc = (ms: number, cur: { total_usage: number; system: number }, pre?: typeof cur) => ({
      read: at(ms),
      cpu_stats: {
        cpu_usage: { total_usage: cur.total_usage },
        system_cpu_usage: cur.system,
        online_cpus: 2,
      },
      precpu_stats: pre ? { cpu_usage: { total_usage: pre.total_usage }, system_cpu_usage: pre.system } : {},
      memory_stats: { usage: 100, limit: 1000 },
    });
    f.open.get('a')?.(doc(0, cpu(10, 100)));
    await settle();
    expect(c.recent('a')[0]?.cpu).toBeNull();
    f.open.get('a')?.(doc(1000, cpu(60, 200), cpu(10, 100)));
    await waited;
    expect(c.recent('a').at(-1)?.cpu).toBe(1);
    expect(c.recent('a').at(-1)?.memoryLimit).toBe(1000);
    c.stop();
  });
});
