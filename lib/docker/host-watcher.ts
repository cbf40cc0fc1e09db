import { EventEmitter } from 'node:events';
import { logger } from '@/lib/log/logger';
import { metrics } from '@/lib/metrics/registry';
import type { Engine } from './engine';
import { containerEventOf, type EngineEvent, jsonLines, type RawEvent } from './events';
import { mapInspect, mapSummary } from './map';
import { mapLimit, mapSwarmService, type SwarmServiceInfo } from './swarm-services';
import { SwarmState } from './swarm-state';
import type { ContainerInfo, SourceStatus } from './types';

export type { EngineEvent } from './events';
export type { SwarmServiceInfo } from './swarm-services';

export interface EngineVersion {
  version: string | null;
  apiVersion: string | null;
}

/** Reconnection delays after a lost engine: 0.5 s, 1 s, then every 2 s while it stays away. */
export const BACKOFF_MS = [500, 1000, 2000] as const;
/** Inspects of a (re)listing run behind it, this many at a time per engine. */
const BACKGROUND_INSPECTS = 4;
/** At most one `change` per this many ms while background inspects land. */
const BACKGROUND_CHANGE_MS = 200;
/**
 * Keeps one engine's containers and swarm services in memory: list once, then follow `/events`.
 * One `containers/json?all=1` makes the inventory whole; each container's inspect (restart count,
 * start time, health output…) follows in the background, off the listing's critical path. On a lost
 * stream it marks its data stale, reconnects with backoff (0.5 s, 1 s, 2 s, …) and re-lists, since
 * the engine replays only its last 256 events. Emits `change` after each applied update and
 * `engineEvent` for timeline-worthy container events.
 */
export class HostWatcher extends EventEmitter {
  readonly containers = new Map<string, ContainerInfo>();
  readonly swarmServices = new Map<string, SwarmServiceInfo>();
  private status: SourceStatus = { status: 'down', lastOkAt: null };
  private stream: NodeJS.ReadableStream | null = null;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private firstSync: Promise<void>;
  private resolveFirstSync: () => void = () => {};
  private pendingInspect = new Map<string, NodeJS.Timeout>();
  /** containers destroyed while an inspect of theirs may still be in flight */
  private readonly destroyed = new Set<string>();
  private swarmRefresh: NodeJS.Timeout | null = null;
  private swarmActive = false;
  private engineVersion: EngineVersion | null = null;
  /** the swarm's nodes and tasks on every node, read while this engine is a swarm manager */
  readonly swarm: SwarmState;
  /** bumped by each listing: background inspects of an older one stop */
  private listing = 0;
  /** per container, the sequence of the last event seen: an older background inspect must not win */
  private readonly touched = new Map<string, number>();
  private tick = 0;
  private backgroundChange: NodeJS.Timeout | null = null;

  constructor(
    readonly host: string,
    private readonly engine: Engine,
  ) {
    super();
    this.setMaxListeners(100);
    this.firstSync = new Promise((r) => {
      this.resolveFirstSync = r;
    });
    this.swarm = new SwarmState(engine);
    this.swarm.on('change', () => this.emit('change'));
  }

  sourceStatus(): SourceStatus {
    return { ...this.status };
  }

  /** The engine's version as read at the last (re)connection; null before the first one. */
  version(): EngineVersion | null {
    return this.engineVersion;
  }

  /**
   * Resolves once the first connection attempt has settled (listed, or failed: then the status says
   * down), or after `timeoutMs`. An engine that refuses must not hold every reader for the timeout.
   */
  async ready(timeoutMs = 5000): Promise<void> {
    await Promise.race([this.firstSync, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
  }

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.swarmRefresh) clearTimeout(this.swarmRefresh);
    this.swarm.stop();
    if (this.backgroundChange) clearTimeout(this.backgroundChange);
    this.backgroundChange = null;
    this.listing++;
    for (const t of this.pendingInspect.values()) clearTimeout(t);
    this.pendingInspect.clear();
    this.destroyStream();
  }

  private destroyStream(): void {
    const s = this.stream as (NodeJS.ReadableStream & { destroy?: () => void }) | null;
    this.stream = null;
    s?.removeAllListeners();
    s?.on('error', () => {});
    s?.destroy?.();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    try {
      // Subscribe first, then list: events that happen during the listing are applied after it.
      const since = Math.floor(Date.now() / 1000) - 1;
      const stream = await this.engine.events(since, { type: ['container', 'service', 'node'] });
      this.stream = stream;
      const buffered: RawEvent[] = [];
      let listing = true;
      stream.on(
        'data',
        jsonLines<RawEvent>(
          (ev) => (listing ? buffered.push(ev) : this.onEvent(ev)),
          () => logger().warn({ host: this.host }, 'unparseable engine event'),
        ),
      );
      stream.on('error', (err) => this.onDisconnect(err));
      stream.on('end', () => this.onDisconnect(new Error('events stream ended')));
      stream.on('close', () => this.onDisconnect(new Error('events stream closed')));
      await this.relist();
      await this.readVersion();
      listing = false;
      for (const ev of buffered) this.onEvent(ev);
      this.attempt = 0;
      this.markOk();
      this.resolveFirstSync();
      this.emit('change');
    } catch (err) {
      this.onDisconnect(err);
    }
  }

  /** Once per (re)connection, not polled: an engine upgrade restarts it, and so reconnects. */
  private async readVersion(): Promise<void> {
    try {
      const v = await this.engine.version();
      this.engineVersion = { version: v.Version ?? null, apiVersion: v.ApiVersion ?? null };
    } catch (err) {
      logger().warn({ host: this.host, err: String(err) }, 'engine version unreadable');
    }
  }

  private markOk(): void {
    this.status = { status: 'ok', lastOkAt: new Date().toISOString() };
  }

  private onDisconnect(err: unknown): void {
    if (this.stopped || this.reconnectTimer) return;
    this.resolveFirstSync();
    this.destroyStream();
    this.swarm.pause();
    const message = err instanceof Error ? err.message : String(err);
    this.status = {
      status: this.status.lastOkAt ? 'stale' : 'down',
      lastOkAt: this.status.lastOkAt,
      error: `Docker engine unreachable: ${message}`,
    };
    const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
    this.attempt++;
    this.listing++; // background inspects of the lost connection's listing stop
    logger().warn({ host: this.host, err: message, retryInMs: delay }, 'engine events disconnected');
    this.emit('change');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      metrics().engineReconnects.labels(this.host).inc();
      void this.connect();
    }, delay);
    this.reconnectTimer.unref();
  }

  /**
   * One listing call makes the inventory whole. A container known from before whose state is
   * unchanged keeps its inspected details; the others show the listing's fields until their inspect,
   * which runs in the background for every container ever started (a restart while disconnected
   * changes the restart count and start time but not the state).
   */
  private async relist(): Promise<void> {
    const generation = ++this.listing;
    const startTick = this.tick;
    const list = await this.engine.listContainers({ all: true });
    const next = new Map<string, ContainerInfo>();
    for (const c of list) {
      const listed = mapSummary(c);
      const known = this.containers.get(c.Id);
      next.set(
        c.Id,
        known && known.state === listed.state && known.health === listed.health ? known : listed,
      );
    }
    this.containers.clear();
    for (const [id, info] of next) this.containers.set(id, info);
    await this.refreshSwarm();
    // A container never started has nothing an inspect would add (no start, exit or restart yet);
    // its start event brings its inspect.
    const worth = [...next.values()].filter((c) => c.state !== 'created').map((c) => c.id);
    void this.inspectInBackground(worth, generation, startTick);
  }

  private async inspectInBackground(ids: string[], generation: number, startTick: number): Promise<void> {
    await mapLimit(ids, BACKGROUND_INSPECTS, async (id) => {
      if (this.listing !== generation || this.stopped) return;
      const issuedAt = this.tick;
      let info: ContainerInfo;
      try {
        info = mapInspect(await this.engine.container(id).inspect());
      } catch {
        return; // removed meanwhile (its destroy event says so), or the engine went away
      }
      // An event since the listing began has its own inspect, newer than this one.
      const last = this.touched.get(id) ?? 0;
      if (this.listing !== generation || last > startTick || last > issuedAt) return;
      if (this.destroyed.has(id) || !this.containers.has(id)) return;
      this.containers.set(id, info);
      this.changeSoon();
    });
  }

  /** Background inspects land in bursts: one `change` per BACKGROUND_CHANGE_MS, not one per container. */
  private changeSoon(): void {
    if (this.backgroundChange) return;
    this.backgroundChange = setTimeout(() => {
      this.backgroundChange = null;
      this.emit('change');
    }, BACKGROUND_CHANGE_MS);
    this.backgroundChange.unref();
  }

  private async refreshSwarm(): Promise<void> {
    let services: Awaited<ReturnType<Engine['listServices']>> = [];
    try {
      services = await this.engine.listServices();
      this.swarmActive = true;
    } catch {
      this.swarmActive = false; // not a swarm manager: no swarm services to show
    }
    this.swarmServices.clear();
    for (const s of services) {
      const info = mapSwarmService(s);
      if (info) this.swarmServices.set(info.id, info);
    }
    if (this.swarmActive && !this.stopped) {
      if (this.swarm.active) this.swarm.poke();
      else {
        this.swarm.start();
        // the first listing shows tasks on every node, not only this engine's containers
        await this.swarm.refresh();
      }
    } else this.swarm.stop();
  }

  private scheduleSwarmRefresh(): void {
    if (this.swarmRefresh) return;
    this.swarmRefresh = setTimeout(async () => {
      this.swarmRefresh = null;
      try {
        await this.refreshSwarm();
        this.emit('change');
      } catch (err) {
        logger().warn({ err }, 'swarm refresh failed');
      }
    }, 100);
    this.swarmRefresh.unref();
  }

  private onEvent(ev: RawEvent): void {
    metrics()
      .engineEvents.labels(this.host, ev.Type ?? 'unknown')
      .inc();
    if (ev.Type === 'service') {
      this.scheduleSwarmRefresh();
      return;
    }
    if (ev.Type === 'node') {
      this.swarm.poke();
      return;
    }
    const e = containerEventOf(this.host, ev);
    if (!e) return;
    this.touched.set(e.id, ++this.tick);
    if (this.touched.size > 10_000) this.touched.clear();
    if (e.timeline) this.emit('engineEvent', e.timeline);
    if (e.destroyed) {
      this.containers.delete(e.id);
      this.destroyed.add(e.id);
      if (this.destroyed.size > 10_000) this.destroyed.clear();
      this.emit('change');
      return;
    }
    this.scheduleInspect(e.id);
    if (this.swarmActive && e.swarmTask) {
      this.scheduleSwarmRefresh();
      this.swarm.poke();
    }
  }

  /**
   * The timeline-worthy container events the engine still holds between `since` and now (it keeps
   * a bounded number): what happened while Opsdeck was not watching.
   */
  async pastEvents(since: number, timeoutMs = 10_000): Promise<EngineEvent[]> {
    const until = Math.ceil(Date.now() / 1000);
    const stream = (await this.engine.events(
      since,
      { type: ['container'] },
      until,
    )) as NodeJS.ReadableStream & {
      destroy?: () => void;
    };
    const out: EngineEvent[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        stream.destroy?.();
        resolve();
      }, timeoutMs);
      timer.unref();
      stream.on(
        'data',
        jsonLines<RawEvent>(
          (ev) => {
            const e = containerEventOf(this.host, ev);
            if (e?.timeline) out.push(e.timeline);
          },
          () => {},
        ),
      );
      stream.on('end', () => {
        clearTimeout(timer);
        resolve();
      });
      stream.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    return out;
  }

  /** Coalesces bursts of events for one container into one inspect. */
  private scheduleInspect(id: string): void {
    if (this.pendingInspect.has(id)) return;
    const timer = setTimeout(async () => {
      this.pendingInspect.delete(id);
      try {
        const info = mapInspect(await this.engine.container(id).inspect());
        // An inspect answered before a destroy that arrived meanwhile must not bring the container back.
        if (this.destroyed.has(id)) return;
        this.containers.set(id, info);
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode === 404) this.containers.delete(id);
        else return;
      }
      this.markOk();
      this.emit('change');
    }, 20);
    timer.unref();
    this.pendingInspect.set(id, timer);
  }
}
