import { EventEmitter } from 'node:events';
import type Docker from 'dockerode';
import { logger } from '@/lib/log/logger';
import { metrics } from '@/lib/metrics/registry';
import { mapInspect } from './map';
import type { ContainerInfo, SourceStatus } from './types';

export interface SwarmServiceInfo {
  id: string;
  name: string;
  version: number;
  mode: 'replicated' | 'global';
  replicas: number;
  image: string;
  labels: Record<string, string>;
  updateStatus: string | null;
  updatedAt: string;
}

/** An engine event as we keep it: the start of a service's timeline. */
export interface EngineEvent {
  host: string;
  containerId: string;
  containerName: string;
  labels: Record<string, string>;
  action: string;
  exitCode: number | null;
  at: string;
}

interface RawEvent {
  Type?: string;
  Action?: string;
  status?: string;
  id?: string;
  time?: number;
  timeNano?: number;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

const MIN_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 30_000;
/** Health checks run through exec; their events carry no state we show. */
const IGNORED_ACTION = /^exec_(create|start|die|detach)/;
const TIMELINE_ACTIONS = new Set([
  'create',
  'start',
  'die',
  'kill',
  'oom',
  'stop',
  'restart',
  'destroy',
  'health_status',
  'pause',
  'unpause',
]);

/**
 * Keeps one engine's containers and swarm services in memory: list once, then follow `/events`.
 * On a lost stream it marks its data stale, reconnects with backoff (1 s → 30 s) and re-lists, since
 * the engine replays only its last 256 events. Emits `change` after each applied update and
 * `engineEvent` for timeline-worthy container events.
 */
export class HostWatcher extends EventEmitter {
  readonly containers = new Map<string, ContainerInfo>();
  readonly swarmServices = new Map<string, SwarmServiceInfo>();
  private status: SourceStatus = { status: 'down', lastOkAt: null };
  private stream: NodeJS.ReadableStream | null = null;
  private backoff = MIN_BACKOFF_MS;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private firstSync: Promise<void>;
  private resolveFirstSync: () => void = () => {};
  private pendingInspect = new Map<string, NodeJS.Timeout>();
  /** containers destroyed while an inspect of theirs may still be in flight */
  private readonly destroyed = new Set<string>();
  private swarmRefresh: NodeJS.Timeout | null = null;
  private swarmActive = false;

  constructor(
    readonly host: string,
    private readonly docker: Docker,
  ) {
    super();
    this.setMaxListeners(100);
    this.firstSync = new Promise((r) => {
      this.resolveFirstSync = r;
    });
  }

  sourceStatus(): SourceStatus {
    return { ...this.status };
  }

  /** Resolves after the first successful listing, or after `timeoutMs` (then data may be empty/stale). */
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
      const stream = (await this.docker.getEvents({
        since,
        filters: { type: ['container', 'service'] },
      })) as NodeJS.ReadableStream;
      this.stream = stream;
      const buffered: RawEvent[] = [];
      let listing = true;
      let tail = '';
      stream.on('data', (chunk: Buffer) => {
        tail += chunk.toString('utf8');
        let nl = tail.indexOf('\n');
        while (nl >= 0) {
          const line = tail.slice(0, nl).trim();
          tail = tail.slice(nl + 1);
          if (line) {
            try {
              const ev = JSON.parse(line) as RawEvent;
              if (listing) buffered.push(ev);
              else this.onEvent(ev);
            } catch {
              logger().warn({ host: this.host }, 'unparseable engine event');
            }
          }
          nl = tail.indexOf('\n');
        }
      });
      stream.on('error', (err) => this.onDisconnect(err));
      stream.on('end', () => this.onDisconnect(new Error('events stream ended')));
      stream.on('close', () => this.onDisconnect(new Error('events stream closed')));
      await this.relist();
      listing = false;
      for (const ev of buffered) this.onEvent(ev);
      this.backoff = MIN_BACKOFF_MS;
      this.markOk();
      this.resolveFirstSync();
      this.emit('change');
    } catch (err) {
      this.onDisconnect(err);
    }
  }

  private markOk(): void {
    this.status = { status: 'ok', lastOkAt: new Date().toISOString() };
  }

  private onDisconnect(err: unknown): void {
    if (this.stopped || this.reconnectTimer) return;
    this.destroyStream();
    const message = err instanceof Error ? err.message : String(err);
    this.status = {
      status: this.status.lastOkAt ? 'stale' : 'down',
      lastOkAt: this.status.lastOkAt,
      error: `Docker engine unreachable: ${message}`,
    };
    logger().warn({ host: this.host, err: message, retryInMs: this.backoff }, 'engine events disconnected');
    this.emit('change');
    const delay = this.backoff;
    this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      metrics().engineReconnects.labels(this.host).inc();
      void this.connect();
    }, delay);
    this.reconnectTimer.unref();
  }

  private async relist(): Promise<void> {
    const list = await this.docker.listContainers({ all: true });
    const infos = await mapLimit(list, 8, async (c) => {
      try {
        return mapInspect(await this.docker.getContainer(c.Id).inspect());
      } catch {
        return null; // removed between list and inspect
      }
    });
    this.containers.clear();
    for (const info of infos) if (info) this.containers.set(info.id, info);
    await this.refreshSwarm();
  }

  private async refreshSwarm(): Promise<void> {
    let services: Docker.Service[] = [];
    try {
      services = (await this.docker.listServices()) as Docker.Service[];
      this.swarmActive = true;
    } catch {
      this.swarmActive = false; // not a swarm manager: no swarm services to show
    }
    this.swarmServices.clear();
    for (const s of services) {
      const spec = s.Spec;
      if (!s.ID || !spec?.Name) continue;
      const replicated = spec.Mode?.Replicated;
      this.swarmServices.set(s.ID, {
        id: s.ID,
        name: spec.Name,
        version: s.Version?.Index ?? 0,
        mode: replicated ? 'replicated' : 'global',
        replicas: replicated?.Replicas ?? 0,
        image:
          (spec.TaskTemplate as { ContainerSpec?: { Image?: string } } | undefined)?.ContainerSpec?.Image ??
          '',
        labels: spec.Labels ?? {},
        updateStatus: (s as { UpdateStatus?: { State?: string } }).UpdateStatus?.State ?? null,
        updatedAt: s.UpdatedAt ?? s.CreatedAt ?? new Date().toISOString(),
      });
    }
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
    const action = ev.Action ?? ev.status ?? '';
    metrics()
      .engineEvents.labels(this.host, ev.Type ?? 'unknown')
      .inc();
    if (ev.Type === 'service') {
      this.scheduleSwarmRefresh();
      return;
    }
    if (ev.Type !== 'container' || IGNORED_ACTION.test(action)) return;
    const id = ev.Actor?.ID ?? ev.id;
    if (!id) return;
    const attrs = ev.Actor?.Attributes ?? {};
    const baseAction = action.split(':')[0] ?? action;
    if (TIMELINE_ACTIONS.has(baseAction)) {
      const { name = '', exitCode, ...labels } = attrs;
      const event: EngineEvent = {
        host: this.host,
        containerId: id,
        containerName: name,
        labels,
        action: action.trim(),
        exitCode: exitCode !== undefined ? Number(exitCode) : null,
        at: new Date(ev.timeNano ? ev.timeNano / 1e6 : (ev.time ?? Date.now() / 1000) * 1000).toISOString(),
      };
      this.emit('engineEvent', event);
    }
    if (baseAction === 'destroy') {
      this.containers.delete(id);
      this.destroyed.add(id);
      if (this.destroyed.size > 10_000) this.destroyed.clear();
      this.emit('change');
      return;
    }
    this.scheduleInspect(id);
    if (this.swarmActive && attrs['com.docker.swarm.service.id']) this.scheduleSwarmRefresh();
  }

  /** Coalesces bursts of events for one container into one inspect. */
  private scheduleInspect(id: string): void {
    if (this.pendingInspect.has(id)) return;
    const timer = setTimeout(async () => {
      this.pendingInspect.delete(id);
      try {
        const info = mapInspect(await this.docker.getContainer(id).inspect());
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

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  });
  await Promise.all(workers);
  return out;
}
