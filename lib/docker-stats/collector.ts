import { env } from '@/lib/config/env';
import { engine } from '@/lib/docker/engine';
import { logger } from '@/lib/log/logger';
import { metrics } from '@/lib/metrics/registry';
import {
  type Counters,
  countersOf,
  type EngineStats,
  type StatsSample,
  sumSeries,
  toSample,
} from './compute';

/** how long a container stays sampled after the last look (a page polls every few seconds) */
const LINGER_MS = 15_000;
/** 1 Hz samples kept per container for sparklines: the last 3 minutes */
const KEEP_RECENT = 180;
/** one sample per 5 s kept per container for the service page's charts: the last hour */
const COARSE_S = 5;
const KEEP_COARSE = 720;
const TICK_MS = 1000;
/** a stream that ended or failed is reopened after this long, if someone still looks */
const RETRY_MS = 5000;
/** a stats document is a few KB; a longer line is not one */
const MAX_LINE = 1 << 20;

export type StatsStreamOpener = (
  host: string,
  containerId: string,
  signal: AbortSignal,
) => Promise<AsyncIterable<Buffer | string>>;

const engineOpener: StatsStreamOpener = (host, id, signal) => engine(host).statsStream(id, signal);

interface Tracked {
  host: string;
  id: string;
  wantedUntil: number;
  /** sampled whether or not anyone looks (a service with a CPU/memory threshold) */
  always: boolean;
  abort: AbortController | null;
  retryAt: number;
  prev: Counters | null;
  recent: StatsSample[];
  coarse: StatsSample[];
  waiters: (() => void)[];
}

/**
 * Container CPU/memory/network/IO from the engine's stats streams (`stream=true`: the engine pushes
 * one document a second). One stream per container, only while someone looks (a service page, the
 * overview rows on screen) or the service has a CPU/memory threshold, at most
 * OPSDECK_STATS_STREAMS at once; a stream is closed LINGER_MS after the last look. Every browser
 * reads the same in-memory rings: none opens a stream of its own.
 */
export class StatsCollector {
  private readonly tracked = new Map<string, Tracked>();
  private timer?: ReturnType<typeof setInterval>;
  private open = 0;

  constructor(
    private readonly opener: StatsStreamOpener = engineOpener,
    private readonly now: () => number = Date.now,
    private readonly maxStreams: () => number = () => env().OPSDECK_STATS_STREAMS,
  ) {}

  /** Marks containers as looked at (opening their streams) and returns their summed chart series. */
  watch(
    host: string,
    containerIds: readonly string[],
  ): { cpu: [number, number][]; memory: [number, number][] } {
    this.look(host, containerIds);
    const series = (field: 'cpu' | 'memory') => {
      const coarse = sumSeries(
        containerIds.map((id) => this.tracked.get(id)?.coarse ?? []),
        field,
        COARSE_S,
      );
      // a page just opened: per-second points rather than a chart with one point ("not enough data")
      return coarse.length >= 2
        ? coarse
        : sumSeries(
            containerIds.map((id) => this.tracked.get(id)?.recent ?? []),
            field,
            1,
          );
    };
    return { cpu: series('cpu'), memory: series('memory') };
  }

  /** Marks containers as looked at; streams open on the next tick (at once here). */
  look(host: string, containerIds: readonly string[]): void {
    const until = this.now() + LINGER_MS;
    for (const id of containerIds) this.entry(host, id).wantedUntil = until;
    this.ensureTimer();
    this.tick();
  }

  /** The containers sampled whether anyone looks or not (replaces the previous set). */
  setAlways(list: readonly { host: string; id: string }[]): void {
    const ids = new Set(list.map((c) => c.id));
    for (const t of this.tracked.values()) t.always = ids.has(t.id);
    for (const c of list) this.entry(c.host, c.id).always = true;
    if (list.length > 0) this.ensureTimer();
    this.tick();
  }

  /** The 1 Hz samples of a container, oldest first (empty when it is not sampled). */
  recent(containerId: string): readonly StatsSample[] {
    return this.tracked.get(containerId)?.recent ?? [];
  }

  /** Whether a stream of the container is open now. */
  streaming(containerId: string): boolean {
    return this.tracked.get(containerId)?.abort != null;
  }

  /** Resolves once every container has a sample with CPU, or after `ms`. */
  async firstSamples(containerIds: readonly string[], ms: number): Promise<void> {
    const pending = containerIds
      .map((id) => this.tracked.get(id))
      .filter((t): t is Tracked => t !== undefined && !t.recent.some((s) => s.cpu !== null));
    if (pending.length === 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.all(pending.map((t) => new Promise<void>((r) => t.waiters.push(r)))),
      new Promise<void>((r) => {
        timer = setTimeout(r, ms);
      }),
    ]);
    clearTimeout(timer);
  }

  /** Open engine streams now (the `opsdeck_engine_stats_streams` gauge says the same). */
  openStreams(): number {
    return this.open;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const t of this.tracked.values()) t.abort?.abort();
    this.tracked.clear();
  }

  private entry(host: string, id: string): Tracked {
    let t = this.tracked.get(id);
    if (!t) {
      t = {
        host,
        id,
        wantedUntil: 0,
        always: false,
        abort: null,
        retryAt: 0,
        prev: null,
        recent: [],
        coarse: [],
        waiters: [],
      };
      this.tracked.set(id, t);
    }
    return t;
  }

  private ensureTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref?.();
  }

  private tick(): void {
    const now = this.now();
    for (const [id, t] of this.tracked) {
      if (t.always || t.wantedUntil >= now) continue;
      t.abort?.abort();
      this.tracked.delete(id);
    }
    // threshold services first, then the most recently looked at
    const waiting = [...this.tracked.values()]
      .filter((t) => t.abort === null && t.retryAt <= now)
      .sort((a, b) => Number(b.always) - Number(a.always) || b.wantedUntil - a.wantedUntil);
    for (const t of waiting) {
      if (this.open >= this.maxStreams()) break;
      this.startStream(t);
    }
    if (this.tracked.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private startStream(t: Tracked): void {
    const abort = new AbortController();
    t.abort = abort;
    t.prev = null;
    this.open++;
    metrics().engineStatsStreams.inc();
    void this.read(t, abort.signal)
      .catch((err) => {
        if (!abort.signal.aborted)
          logger().debug({ err: String(err), container: t.id }, 'container stats stream failed');
      })
      .finally(() => {
        this.open--;
        metrics().engineStatsStreams.dec();
        abort.abort();
        if (t.abort === abort) t.abort = null;
        // a stopped container's stream ends: try again later while someone still looks
        t.retryAt = this.now() + RETRY_MS;
        this.tick();
      });
  }

  private async read(t: Tracked, signal: AbortSignal): Promise<void> {
    const body = await this.opener(t.host, t.id, signal);
    let buf = '';
    for await (const chunk of body) {
      if (signal.aborted) break;
      buf += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      let nl = buf.indexOf('\n');
      while (nl >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        // a stopped container's stream goes on with empty documents: end it (retried while looked at)
        if (line && !this.add(t, JSON.parse(line) as EngineStats)) return;
        nl = buf.indexOf('\n');
      }
      if (buf.length > MAX_LINE) throw new Error('stats document too long');
    }
  }

  /** Keeps the document's sample; false for the empty document of a container that is not running. */
  private add(t: Tracked, doc: EngineStats): boolean {
    if (!doc.read || !(Date.parse(doc.read) > 0)) return false;
    const now = this.now();
    const sample = toSample(doc, now, t.prev ?? undefined);
    t.prev = countersOf(doc, now);
    t.recent.push(sample);
    if (t.recent.length > KEEP_RECENT) t.recent.splice(0, t.recent.length - KEEP_RECENT);
    const last = t.coarse.at(-1);
    if (last && Math.floor(last.t / COARSE_S) === Math.floor(sample.t / COARSE_S))
      t.coarse[t.coarse.length - 1] = sample;
    else t.coarse.push(sample);
    if (t.coarse.length > KEEP_COARSE) t.coarse.splice(0, t.coarse.length - KEEP_COARSE);
    if (sample.cpu !== null && t.waiters.length > 0) for (const w of t.waiters.splice(0)) w();
    return true;
  }
}

const holder = globalThis as unknown as { __opsdeckStatsCollector?: StatsCollector };

/** The process-wide collector. */
export function statsCollector(): StatsCollector {
  holder.__opsdeckStatsCollector ??= new StatsCollector();
  return holder.__opsdeckStatsCollector;
}
