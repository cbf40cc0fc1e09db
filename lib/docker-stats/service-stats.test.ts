import { describe, expect, it } from 'vitest';
import type { DockerService } from '@/lib/docker/types';
import type { StatsCollector } from './collector';
import type { StatsSample } from './compute';
import { serviceStats, statsSummaries } from './service-stats';

// The collector is a table of samples here: these cases check the arithmetic of sums, thresholds and
// states; real streams are in tests/integration/container-stats.test.ts.
function collectorWith(samples: Record<string, StatsSample[]>): StatsCollector {
  return {
    look: () => undefined,
    firstSamples: async () => undefined,
    recent: (id: string) => samples[id] ?? [],
    streaming: (id: string) => id in samples,
  } as unknown as StatsCollector;
}

const NOW = 1_800_000_000_000;
const t = NOW / 1000;
const sample = (dt: number, cpu: number | null, memory: number): StatsSample => ({
  t: t + dt,
  cpu,
  memory,
  memoryLimit: 1000,
  netRx: 10,
  netTx: null,
  blockRead: 0,
  blockWrite: 5,
});

function service(labels: Record<string, string>, states: string[]): DockerService {
  return {
    id: 'local/s/api',
    host: 'local',
    stack: 's',
    name: 'api',
    kind: 'compose',
    desired: states.length,
    labels,
    image: 'x',
    updatedAt: new Date(NOW).toISOString(),
    containers: states.map((state, i) => ({ id: `c${i}`, name: `s_api_${i + 1}`, state })),
  } as unknown as DockerService;
}

describe('serviceStats', () => {
  it('sums the running replicas, marks a stopped one, and warns above the CPU threshold', async () => {
    const c = collectorWith({
      c0: [sample(-2, null, 100), sample(-1, 0.5, 200)],
      c1: [sample(-1, 0.25, 300)],
    });
    const svc = service({ 'opsdeck.cpu.warn': '60%' }, ['running', 'running', 'exited']);
    const s = await serviceStats(c, svc, () => NOW);
    expect(s.sum.cpuPercent).toBe(75);
    expect(s.sum.memoryBytes).toBe(500);
    expect(s.sum.memoryLimitBytes).toBe(2000);
    expect(s.sum.netRxBytesPerSecond).toBe(20);
    expect(s.sum.netTxBytesPerSecond).toBeNull();
    expect(s.sum.blockWriteBytesPerSecond).toBe(10);
    expect(s.replicas.map((r) => r.state)).toEqual(['sampling', 'sampling', 'stopped']);
    expect(s.replicas[2]?.cpuPercent).toBeNull();
    expect(s.thresholds).toEqual({ cpuPercent: 60, memoryPercent: null });
    expect(s.level).toBe('warn');
    // per-second sum: c1 has no sample at -2, c0 has no CPU there yet
    expect(s.sum.spark.memory).toEqual([
      [t - 2, 100],
      [t - 1, 500],
    ]);
  });

  it('is unknown with no sample, and ignores a sample older than 10 s', async () => {
    const c = collectorWith({ c0: [sample(-30, 0.5, 100)] });
    const s = await serviceStats(c, service({}, ['running']), () => NOW);
    expect(s.sum.at).toBeNull();
    expect(s.level).toBe('unknown');
  });

  it('warns above the memory threshold, in percent of the limit', () => {
    const c = collectorWith({ c0: [sample(0, 0.01, 950)] });
    const out = statsSummaries(c, [service({ 'opsdeck.memory.warn': '90' }, ['running'])], () => NOW);
    expect(out['local/s/api']).toMatchObject({ cpuPercent: 1, memoryBytes: 950, level: 'warn' });
  });
});
