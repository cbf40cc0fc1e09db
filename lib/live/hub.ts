import { listServices } from '@/lib/services';
import { liveInventory } from '@/lib/services/runtime';
import { onSourceChanged } from '@/lib/services/sources';
import type { Service } from '@/lib/services/types';
import type { SseWriter } from '@/lib/sse';
import type { LiveEvent } from './schemas';
import { FULL_VIEW, type LiveView, projectService, projectSources } from './view';

/** The deltas kept for resuming clients; a snapshot is computed afresh, never replayed. */
type Delta = Exclude<LiveEvent, { name: 'snapshot' }>;

const RING_SIZE = 2000;
const DEBOUNCE_MS = 25;

/** An event as one client's view receives it; null: not for this client. */
function project(ev: Delta, view: LiveView): unknown {
  if (ev.name === 'service') return projectService(ev.data, view);
  if (ev.name === 'removed') return view.visible(ev.data.id) ? ev.data : null;
  return projectSources(ev.data, view);
}

/**
 * One computation of the service list per change, fanned out to every connected client as deltas,
 * each through its client's view (a limited token sees its services only, the wall a reduced
 * projection). Clients resume with Last-Event-ID from a ring of recent deltas, or get a fresh snapshot.
 */
export class LiveHub {
  private seq = 0;
  private readonly lastSent = new Map<string, string>();
  /** the service object each JSON in lastSent was made from: the same object needs no new JSON */
  private readonly lastObject = new Map<string, Service>();
  private lastSources = '';
  private readonly ring: Delta[] = [];
  private readonly clients = new Map<SseWriter, LiveView>();
  private timer: NodeJS.Timeout | null = null;
  private computing: Promise<void> | null = null;
  private dirty = false;
  private unsubscribe: (() => void)[] = [];
  /** the whole snapshot at a seq, shared by every client that sees everything (sent as the same bytes) */
  private fullSnapshot: { seq: number; answer: unknown; data: unknown } | null = null;

  start(): void {
    const inv = liveInventory();
    const onChange = () => this.schedule();
    inv.on('change', onChange);
    this.unsubscribe.push(() => inv.off('change', onChange), onSourceChanged(onChange));
    this.schedule();
  }

  stop(): void {
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
    if (this.timer) clearTimeout(this.timer);
    for (const c of this.clients.keys()) c.close();
    this.clients.clear();
  }

  clientCount(): number {
    return this.clients.size;
  }

  /** Registers a client: replays what it missed, or sends a snapshot. Returns its cleanup. */
  async attach(
    writer: SseWriter,
    lastEventId: string | null,
    view: LiveView = FULL_VIEW,
  ): Promise<() => void> {
    await this.computing;
    if (this.seq === 0) await this.recompute();
    const last = lastEventId !== null && /^\d+$/.test(lastEventId) ? Number(lastEventId) : null;
    const oldest = this.ring[0]?.seq ?? this.seq + 1;
    if (last !== null && last <= this.seq && last >= oldest - 1) {
      for (const ev of this.ring) {
        if (ev.seq <= last) continue;
        const data = project(ev, view);
        if (data !== null) writer.event(ev.name, data, String(ev.seq));
      }
    } else {
      const answer = await listServices();
      const { services, sources } = answer;
      const shown = services.flatMap((s) => projectService(s, view) ?? []);
      let snapshot: unknown = { services: shown, sources: projectSources(sources, view) };
      if (!view.wall && shown.length === services.length) {
        // this client sees every service as it is: the snapshot every such client gets at this seq
        const f = this.fullSnapshot;
        if (f && f.seq === this.seq && f.answer === answer) snapshot = f.data;
        else this.fullSnapshot = { seq: this.seq, answer, data: snapshot };
      }
      writer.event('snapshot', snapshot, String(this.seq));
    }
    this.clients.set(writer, view);
    return () => this.clients.delete(writer);
  }

  private schedule(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, DEBOUNCE_MS);
    this.timer.unref();
  }

  private async flush(): Promise<void> {
    if (this.computing) {
      await this.computing;
      if (this.dirty) this.schedule();
      return;
    }
    this.computing = this.recompute().finally(() => {
      this.computing = null;
    });
    await this.computing;
  }

  private async recompute(): Promise<void> {
    this.dirty = false;
    const { services, sources } = await listServices();
    const seen = new Set<string>();
    for (const s of services) {
      seen.add(s.id);
      // a service of an engine that did not change is the very object sent last time
      if (this.lastObject.get(s.id) === s) continue;
      this.lastObject.set(s.id, s);
      const json = JSON.stringify(s);
      if (this.lastSent.get(s.id) !== json) {
        this.lastSent.set(s.id, json);
        this.publish({ seq: ++this.seq, name: 'service', data: s });
      }
    }
    for (const id of [...this.lastSent.keys()]) {
      if (!seen.has(id)) {
        this.lastSent.delete(id);
        this.lastObject.delete(id);
        this.publish({ seq: ++this.seq, name: 'removed', data: { id } });
      }
    }
    const sourcesJson = JSON.stringify(sources);
    if (sourcesJson !== this.lastSources) {
      this.lastSources = sourcesJson;
      this.publish({ seq: ++this.seq, name: 'sources', data: sources });
    }
    if (this.seq === 0) this.seq = 1; // a computed, empty state still counts as a state
  }

  private publish(ev: Delta): void {
    this.ring.push(ev);
    if (this.ring.length > RING_SIZE) this.ring.shift();
    for (const [c, view] of this.clients) {
      const data = project(ev, view);
      if (data === null) continue;
      // A client that cannot keep up is dropped; it reconnects and receives a fresh snapshot.
      if (!c.event(ev.name, data, String(ev.seq))) {
        this.clients.delete(c);
        c.close();
      }
    }
  }
}

const holder = globalThis as unknown as { __opsdeckHub?: LiveHub };

export function liveHub(): LiveHub {
  if (!holder.__opsdeckHub) {
    holder.__opsdeckHub = new LiveHub();
    holder.__opsdeckHub.start();
  }
  return holder.__opsdeckHub;
}

export function stopLiveHub(): void {
  holder.__opsdeckHub?.stop();
  holder.__opsdeckHub = undefined;
}
