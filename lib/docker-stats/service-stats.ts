import { OPSDECK } from '@/lib/docker/labels';
import type { DockerService } from '@/lib/docker/types';
import type { StatsCollector } from './collector';
import type { StatsSample } from './compute';
import type { ServiceStats, StatsFigures, StatsLevel, StatsSummary } from './schemas';

/** A newest sample older than this is not "now" (the stream stalled or ended). */
const FRESH_MS = 10_000;
/** the service page waits this long for a first CPU figure rather than answer "no data" */
const FIRST_SAMPLE_WAIT_MS = 2500;

const EMPTY: StatsFigures = {
  at: null,
  cpuPercent: null,
  memoryBytes: null,
  memoryLimitBytes: null,
  netRxBytesPerSecond: null,
  netTxBytesPerSecond: null,
  blockReadBytesPerSecond: null,
  blockWriteBytesPerSecond: null,
};

function percentLabel(labels: Record<string, string>, name: string): number | null {
  const raw = labels[name]?.trim().replace(/%$/, '');
  const n = raw ? Number(raw) : Number.NaN;
  return Number.isFinite(n) && n > 0 ? n : null;
}

export function thresholdsOf(svc: Pick<DockerService, 'labels'>): ServiceStats['thresholds'] {
  return {
    cpuPercent: percentLabel(svc.labels, OPSDECK.cpuWarn),
    memoryPercent: percentLabel(svc.labels, OPSDECK.memoryWarn),
  };
}

export const hasThreshold = (svc: Pick<DockerService, 'labels'>): boolean => {
  const t = thresholdsOf(svc);
  return t.cpuPercent !== null || t.memoryPercent !== null;
};

/** The newest sample's figures, or nothing when there is none or it is stale. */
function figuresOf(samples: readonly StatsSample[], now: number): StatsFigures {
  const s = samples.at(-1);
  if (!s || now - s.t * 1000 > FRESH_MS) return EMPTY;
  // CPU needs a delta: the first document of a stream has none, so take the newest that does
  const withCpu = [...samples].reverse().find((x) => x.cpu !== null);
  return {
    at: new Date(s.t * 1000).toISOString(),
    cpuPercent: withCpu?.cpu != null ? withCpu.cpu * 100 : null,
    memoryBytes: s.memory,
    memoryLimitBytes: s.memoryLimit ?? null,
    netRxBytesPerSecond: s.netRx ?? null,
    netTxBytesPerSecond: s.netTx ?? null,
    blockReadBytesPerSecond: s.blockRead ?? null,
    blockWriteBytesPerSecond: s.blockWrite ?? null,
  };
}

/** Sum of the replicas' figures; a field is null when no replica has it. */
function sumFigures(list: readonly StatsFigures[]): StatsFigures {
  const known = list.filter((f) => f.at !== null);
  if (known.length === 0) return EMPTY;
  const add = (k: Exclude<keyof StatsFigures, 'at'>) => {
    const vs = known.map((f) => f[k]).filter((v): v is number => v !== null);
    return vs.length === 0 ? null : vs.reduce((a, b) => a + b, 0);
  };
  return {
    at: known.map((f) => f.at as string).sort()[0] ?? null,
    cpuPercent: add('cpuPercent'),
    memoryBytes: add('memoryBytes'),
    memoryLimitBytes: add('memoryLimitBytes'),
    netRxBytesPerSecond: add('netRxBytesPerSecond'),
    netTxBytesPerSecond: add('netTxBytesPerSecond'),
    blockReadBytesPerSecond: add('blockReadBytesPerSecond'),
    blockWriteBytesPerSecond: add('blockWriteBytesPerSecond'),
  };
}

/** Per-second points summed over containers (a container missing a second keeps its last value). */
function sumSpark(per: readonly StatsSample[][], field: 'cpu' | 'memory', scale: number): [number, number][] {
  const end = Math.max(0, ...per.map((s) => s.at(-1)?.t ?? 0));
  if (end === 0) return [];
  const start = Math.min(...per.map((s) => s[0]?.t ?? end));
  const out: [number, number][] = [];
  const idx = per.map(() => 0);
  const last: (number | null)[] = per.map(() => null);
  for (let t = start; t <= end; t++) {
    let total = 0;
    let any = false;
    per.forEach((samples, i) => {
      while ((idx[i] ?? 0) < samples.length && (samples[idx[i] ?? 0]?.t ?? 0) <= t) {
        const v = samples[idx[i] ?? 0]?.[field];
        if (v != null) last[i] = v;
        idx[i] = (idx[i] ?? 0) + 1;
      }
      const v = last[i];
      if (v != null) {
        total += v;
        any = true;
      }
    });
    if (any) out.push([t, total * scale]);
  }
  return out;
}

function levelOf(sum: StatsFigures, th: ServiceStats['thresholds']): StatsLevel {
  if (sum.at === null) return 'unknown';
  if (th.cpuPercent !== null && sum.cpuPercent !== null && sum.cpuPercent > th.cpuPercent) return 'warn';
  if (
    th.memoryPercent !== null &&
    sum.memoryBytes !== null &&
    sum.memoryLimitBytes &&
    (sum.memoryBytes / sum.memoryLimitBytes) * 100 > th.memoryPercent
  )
    return 'warn';
  return 'ok';
}

/**
 * A service's per-replica and summed figures. Looking at it opens the replicas' streams; the first
 * look waits (briefly) for the first CPU delta so a freshly opened page shows numbers, not a blank.
 */
export async function serviceStats(
  collector: StatsCollector,
  svc: DockerService,
  now = Date.now,
): Promise<ServiceStats> {
  const running = svc.containers.filter((c) => c.state === 'running').map((c) => c.id);
  collector.look(svc.host, running);
  await collector.firstSamples(running, FIRST_SAMPLE_WAIT_MS);
  const t = now();
  const replicas = svc.containers.map((c) => {
    const samples = collector.recent(c.id);
    const isRunning = c.state === 'running';
    return {
      containerId: c.id,
      name: c.name,
      state: !isRunning
        ? ('stopped' as const)
        : collector.streaming(c.id)
          ? ('sampling' as const)
          : ('waiting' as const),
      ...(isRunning ? figuresOf(samples, t) : EMPTY),
      spark: {
        cpu: sumSpark([[...samples]], 'cpu', 100),
        memory: sumSpark([[...samples]], 'memory', 1),
      },
    };
  });
  const sum = sumFigures(replicas);
  const per = running.map((id) => [...collector.recent(id)]);
  const thresholds = thresholdsOf(svc);
  return {
    serviceId: svc.id,
    replicas,
    sum: { ...sum, spark: { cpu: sumSpark(per, 'cpu', 100), memory: sumSpark(per, 'memory', 1) } },
    thresholds,
    level: levelOf(sum, thresholds),
  };
}

/** CPU and memory of each service (the overview rows on screen): looking opens their streams. */
export function statsSummaries(
  collector: StatsCollector,
  services: readonly DockerService[],
  now = Date.now,
): Record<string, StatsSummary> {
  const out: Record<string, StatsSummary> = {};
  const t = now();
  for (const svc of services) {
    const running = svc.containers.filter((c) => c.state === 'running').map((c) => c.id);
    collector.look(svc.host, running);
    const sum = sumFigures(running.map((id) => figuresOf(collector.recent(id), t)));
    out[svc.id] = {
      at: sum.at,
      cpuPercent: sum.cpuPercent,
      memoryBytes: sum.memoryBytes,
      memoryLimitBytes: sum.memoryLimitBytes,
      level: levelOf(sum, thresholdsOf(svc)),
    };
  }
  return out;
}
