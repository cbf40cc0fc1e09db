import { engine } from '@/lib/docker/engine';
import { logger } from '@/lib/log/logger';
import { type EngineStats, type StatsSample, sumSeries, toSample } from './compute';

const SAMPLE_EVERY_MS = 10_000;
/** a container nobody asked about for this long is no longer sampled */
const WANTED_FOR_MS = 60_000;
const MAX_CONCURRENT = 3;
const KEEP_SAMPLES = 360;
const TICK_MS = 1000;

interface Tracked {
  host: string;
  wantedUntil: number;
  lastSampleAt: number;
  busy: boolean;
  samples: StatsSample[];
}

export type SampleFn = (host: string, containerId: string) => Promise<EngineStats>;

const engineSample: SampleFn = async (host, containerId) =>
  (await engine(host).container(containerId).stats()) as EngineStats;

/**
 * One shared sampler of container CPU/memory for when Prometheus has no cAdvisor series: each
 * container someone is looking at is read once per 10 s at most, a few at a time, spread over a 1 s
 * tick. Browsers read the collected samples; none of them opens a stats stream of its own.
 */
export class StatsCollector {
  private readonly tracked = new Map<string, Tracked>();
  private timer?: ReturnType<typeof setInterval>;
  private running = 0;

  constructor(
    private readonly sample: SampleFn = engineSample,
    private readonly now: () => number = Date.now,
  ) {}

  /** Marks containers as watched (starting their sampling) and returns what is known so far. */
  watch(
    host: string,
    containerIds: readonly string[],
  ): { cpu: [number, number][]; memory: [number, number][] } {
    const until = this.now() + WANTED_FOR_MS;
    for (const id of containerIds) {
      const t = this.tracked.get(id);
      if (t) t.wantedUntil = until;
      else this.tracked.set(id, { host, wantedUntil: until, lastSampleAt: 0, busy: false, samples: [] });
    }
    this.ensureTimer();
    this.tick();
    const per = containerIds.map((id) => this.tracked.get(id)?.samples ?? []);
    return { cpu: sumSeries(per, 'cpu'), memory: sumSeries(per, 'memory') };
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private ensureTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref?.();
  }

  private tick(): void {
    const now = this.now();
    for (const [id, t] of this.tracked) {
      if (t.wantedUntil < now) {
        this.tracked.delete(id);
        continue;
      }
      if (this.running >= MAX_CONCURRENT) break;
      if (t.busy || now - t.lastSampleAt < SAMPLE_EVERY_MS) continue;
      t.busy = true;
      this.running++;
      this.sample(t.host, id)
        .then((stats) => {
          t.samples.push(toSample(stats, this.now()));
          if (t.samples.length > KEEP_SAMPLES) t.samples.splice(0, t.samples.length - KEEP_SAMPLES);
        })
        .catch((err) => logger().debug({ err: String(err), container: id }, 'container stats failed'))
        .finally(() => {
          t.busy = false;
          t.lastSampleAt = this.now();
          this.running--;
        });
    }
    if (this.tracked.size === 0) this.stop();
  }
}

const holder = globalThis as unknown as { __opsdeckStatsCollector?: StatsCollector };

/** The process-wide collector. */
export function statsCollector(): StatsCollector {
  holder.__opsdeckStatsCollector ??= new StatsCollector();
  return holder.__opsdeckStatsCollector;
}
