import { resolveContainerRef } from '@/lib/docker/container-ref';
import type { Engine } from '@/lib/docker/engine';
import { AppError } from '@/lib/errors';
import { logger } from '@/lib/log/logger';
import { entryFilter } from './filters';
import { inTimeOrder, lastItems, mapBatches, mergeByTime } from './merge';
import { type LogsQuery, narrowsLines } from './query';
import { containerLines } from './reader';
import { readSwarmLogs, type SwarmLogSource } from './swarm';
import { timestampOf } from './timestamp';
import type { DroppedNotice, LogEntry, LogTarget, TaggedLine } from './types';

/**
 * A logs request end to end: the history of every replica merged by time and cut to `tail`, then (with
 * `follow`) the live lines of each running replica, re-attaching when a replica restarts or a new one
 * appears, through a bounded queue that drops (and counts) lines a slow client cannot take.
 */

export type LogItem = LogEntry | DroppedNotice;

const MAX_TIMER_MS = 2 ** 31 - 1;

export const isDropped = (item: LogItem): item is DroppedNotice => 'dropped' in item;

/** Where lines come from: the containers of a service (or one container), looked up again while following. */
export interface LogSource {
  docker: Engine;
  targets(): Promise<LogTarget[]>;
  /** called when the set of containers may have changed; returns an unsubscribe */
  onChange?(listener: () => void): () => void;
  /** a swarm service read through its manager's service logs (every node's tasks): targets are its tasks */
  swarm?: SwarmLogSource;
}

export interface LiveLimits {
  /** lines held for a client that is not reading (default 10,000) */
  maxQueuedLines?: number;
  /** characters held for a client that is not reading (default 8 Mi) */
  maxQueuedChars?: number;
  /** how often the replicas are looked up again while following (default 2 s) */
  recheckMs?: number;
}

export async function* readLogs(
  source: LogSource,
  query: LogsQuery,
  signal: AbortSignal,
  options: { rawMessage?: boolean; limits?: LiveLimits } = {},
): AsyncGenerator<LogItem[]> {
  const startedAt = timestampOf(new Date(Date.now() - 1000));
  const filter = entryFilter(query, { rawMessage: options.rawMessage });
  const all = await source.targets();
  const targets = selectTargets(all, query.container);
  if (source.swarm) {
    yield* readSwarmLogs(
      source.docker,
      source.swarm,
      query,
      signal,
      filter,
      query.container ? targets : null,
    );
    return;
  }
  const lastTs = new Map<string, string>();

  yield* history(source.docker, targets, query, signal, filter, lastTs);

  const untilPassed = query.until !== undefined && query.until.getTime() <= Date.now();
  if (!query.follow || untilPassed || signal.aborted) return;
  const live = new LiveSession(source, query, signal, filter, lastTs, startedAt, options.limits ?? {});
  try {
    for (;;) {
      const items = await live.take();
      if (items === null) return;
      yield items;
    }
  } finally {
    live.stop();
  }
}

/** `container` selects one replica by label (`web-2`), container name or id prefix. */
export function selectTargets(targets: LogTarget[], container: string | undefined): LogTarget[] {
  if (!container) return targets;
  const wanted = container.toLowerCase();
  const byId = resolveContainerRef(targets, container, (t) => t.containerId);
  const picked = targets.filter(
    (t) => t.label.toLowerCase() === wanted || t.name.toLowerCase() === wanted || t === byId,
  );
  if (picked.length === 0) throw new AppError('not_found', `no container "${container}" in this service`);
  return picked;
}

async function* history(
  docker: Engine,
  targets: LogTarget[],
  query: LogsQuery,
  signal: AbortSignal,
  filter: (line: TaggedLine) => LogEntry | null,
  lastTs: Map<string, string>,
): AsyncGenerator<LogEntry[]> {
  if (targets.length === 0 || query.tail === 0) {
    if (query.tail === 0) {
      // nothing to show, but following resumes from now on, not from the start of the log
      for (const t of targets) lastTs.set(t.containerId, timestampOf(new Date()));
    }
    return;
  }
  // With a level or search filter, tail counts matching lines, so the engine is asked for all of them.
  const engineTail = narrowsLines(query) ? 'all' : query.tail;
  const sources = targets.map((t) =>
    noteLastTs(
      inTimeOrder(containerLines(docker, t, { ...engineOptions(query), tail: engineTail }, signal)),
      t,
      lastTs,
    ),
  );
  const entries = mapBatches(mergeByTime(sources), filter);
  yield* query.tail === 'all' ? entries : lastItems(entries, query.tail);
}

function engineOptions(query: LogsQuery) {
  return { follow: false, since: query.since, until: query.until, stream: query.stream };
}

async function* noteLastTs(
  lines: AsyncIterable<TaggedLine[]>,
  target: LogTarget,
  lastTs: Map<string, string>,
): AsyncGenerator<TaggedLine[]> {
  for await (const batch of lines) {
    for (let i = batch.length - 1; i >= 0; i--) {
      const ts = batch[i]?.ts;
      if (ts) {
        lastTs.set(target.containerId, ts);
        break;
      }
    }
    yield batch;
  }
}

class LiveSession {
  private items: LogItem[] = [];
  private chars = 0;
  private dropped = 0;
  private ended = false;
  private wake: (() => void) | null = null;
  private readonly attached = new Set<string>();
  private readonly timers: ReturnType<typeof setTimeout>[] = [];
  private readonly unsubscribe: (() => void) | undefined;
  private readonly untilTs: string | null;
  private readonly maxLines: number;
  private readonly maxChars: number;
  private checking = false;
  /** ends this session's engine streams, whether the client left or `until` was reached */
  private readonly streams = new AbortController();

  constructor(
    private readonly source: LogSource,
    private readonly query: LogsQuery,
    signal: AbortSignal,
    private readonly filter: (line: TaggedLine) => LogEntry | null,
    private readonly lastTs: Map<string, string>,
    private readonly startedAt: string,
    limits: LiveLimits,
  ) {
    this.maxLines = limits.maxQueuedLines ?? 10_000;
    this.maxChars = limits.maxQueuedChars ?? 8 * 1024 * 1024;
    this.untilTs = query.until ? timestampOf(query.until) : null;
    if (signal.aborted) this.end();
    else signal.addEventListener('abort', () => this.end(), { once: true });
    const recheck = setInterval(() => void this.check(), limits.recheckMs ?? 2000);
    this.timers.push(recheck);
    const untilMs = query.until ? query.until.getTime() - Date.now() : null;
    // a timer longer than 2^31-1 ms fires at once; lines past `until` still end the session then
    if (untilMs !== null && untilMs < MAX_TIMER_MS) this.timers.push(setTimeout(() => this.end(), untilMs));
    this.unsubscribe = source.onChange?.(() => void this.check());
    void this.check();
  }

  /** The next items in time order, with a dropped notice after them; null once the session has ended. */
  async take(): Promise<LogItem[] | null> {
    while (this.items.length === 0 && this.dropped === 0) {
      if (this.ended) return null;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
    const out = this.items;
    // lines of different replicas that arrived together are put in engine-time order
    if (this.attached.size > 1) out.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
    if (this.dropped > 0) out.push({ ts: timestampOf(new Date()), dropped: this.dropped });
    this.items = [];
    this.chars = 0;
    this.dropped = 0;
    return out;
  }

  stop(): void {
    this.end();
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const t of this.timers) clearTimeout(t);
    this.unsubscribe?.();
    this.streams.abort();
    this.notify();
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private push(entry: LogEntry): void {
    if (this.items.length >= this.maxLines || this.chars >= this.maxChars) {
      this.dropped++;
    } else {
      this.items.push(entry);
      this.chars += entry.message.length;
    }
    this.notify();
  }

  private async check(): Promise<void> {
    if (this.ended || this.checking) return;
    this.checking = true;
    try {
      const targets = selectTargets(await this.source.targets(), this.query.container);
      for (const t of targets) if (t.running && !this.attached.has(t.containerId)) void this.attach(t);
    } catch (err) {
      // the service may be gone for a moment (redeploy); keep trying until the client leaves
      if (!(err instanceof AppError)) logger().warn({ err }, 'log follow: looking up containers failed');
    } finally {
      this.checking = false;
    }
  }

  private async attach(target: LogTarget): Promise<void> {
    this.attached.add(target.containerId);
    const id = target.containerId;
    try {
      const sinceTs = this.lastTs.get(id) ?? this.startedAt;
      const lines = containerLines(
        this.source.docker,
        target,
        { follow: true, tail: 'all', sinceTs, stream: this.query.stream },
        this.streams.signal,
      );
      for await (const batch of lines) {
        for (const line of batch) {
          const last = this.lastTs.get(id);
          // `since` is inclusive, so a re-attach repeats the last line seen: skip what was seen
          if (line.ts && last && line.ts <= last) continue;
          if (line.ts) this.lastTs.set(id, line.ts);
          if (this.untilTs && line.ts > this.untilTs) {
            this.end();
            return;
          }
          const entry = this.filter(line);
          if (entry) this.push(entry);
        }
        if (this.ended) return;
      }
    } catch (err) {
      if (!this.ended && !(err instanceof AppError))
        logger().warn({ err, container: id }, 'log follow failed');
    } finally {
      this.attached.delete(id);
      // a stopped container ends its stream; look again soon in case it is restarting
      if (!this.ended) this.timers.push(setTimeout(() => void this.check(), 500));
    }
  }
}
