import { EventEmitter } from 'node:events';
import { dockerHosts } from './client';
import { engine } from './engine';
import { groupServices } from './grouping';
import { type EngineEvent, type EngineVersion, HostWatcher } from './host-watcher';
import type { SwarmSnapshot } from './swarm-state';
import type { DockerService, SourceStatus } from './types';

/**
 * The in-memory, event-fed view of every configured engine. Pages, the API and the live stream all
 * read from here; nothing polls the engine per request or per client.
 */
export class Inventory extends EventEmitter {
  private readonly watchers: HostWatcher[];
  /** each engine's services, grouped again only when that engine changes */
  private readonly perEngine = new Map<HostWatcher, DockerService[]>();
  private cache: DockerService[] | null = null;

  constructor(watchers: HostWatcher[]) {
    super();
    this.setMaxListeners(1000);
    this.watchers = watchers;
    for (const w of watchers) {
      w.on('change', () => {
        this.perEngine.delete(w);
        this.cache = null;
        this.emit('change');
      });
      w.on('engineEvent', (e: EngineEvent) => this.emit('engineEvent', e));
    }
  }

  start(): void {
    for (const w of this.watchers) w.start();
  }

  stop(): void {
    for (const w of this.watchers) w.stop();
  }

  async ready(timeoutMs = 5000): Promise<void> {
    await Promise.all(this.watchers.map((w) => w.ready(timeoutMs)));
  }

  services(): DockerService[] {
    this.cache ??= this.watchers.flatMap((w) => {
      let own = this.perEngine.get(w);
      if (!own) {
        own = groupServices(w.host, w.containers.values(), w.swarmServices.values(), w.swarm.snapshot());
        this.perEngine.set(w, own);
      }
      return own;
    });
    return this.cache;
  }

  /** Per engine, what it still holds of its events since the time `sinceOf(host)` gives (seconds). */
  async pastEvents(
    sinceOf: (host: string) => number,
  ): Promise<{ host: string; events: EngineEvent[]; error?: string }[]> {
    return Promise.all(
      this.watchers.map(async (w) => {
        try {
          return { host: w.host, events: await w.pastEvents(sinceOf(w.host)) };
        } catch (err) {
          return { host: w.host, events: [], error: err instanceof Error ? err.message : String(err) };
        }
      }),
    );
  }

  /** The engines' status, the worst one first when there are several. */
  source(): SourceStatus {
    const statuses = this.watchers.map((w) => w.sourceStatus());
    const order = { down: 0, stale: 1, not_configured: 2, ok: 3 } as const;
    statuses.sort((a, b) => order[a.status] - order[b.status]);
    return statuses[0] ?? { status: 'not_configured', lastOkAt: null };
  }

  /** Each engine in configuration order: its name, status and version (the hosts page). */
  hosts(): { name: string; status: SourceStatus; version: EngineVersion | null }[] {
    return this.watchers.map((w) => ({ name: w.host, status: w.sourceStatus(), version: w.version() }));
  }

  /** The swarm an engine manages (its nodes and tasks), or null when it is no manager or not read yet. */
  swarmOf(host: string): SwarmSnapshot | null {
    return this.watchers.find((w) => w.host === host)?.swarm.snapshot() ?? null;
  }

  /** Asks a manager engine to read its swarm's nodes and tasks again now; resolves once applied. */
  async refreshSwarm(host: string): Promise<void> {
    await this.watchers.find((w) => w.host === host)?.swarm.refresh();
  }

  hostStatus(host: string): SourceStatus {
    return this.watchers.find((w) => w.host === host)?.sourceStatus() ?? { status: 'down', lastOkAt: null };
  }
}

const holder = globalThis as unknown as { __opsdeckInventory?: Inventory };

/** The process-wide inventory, started on first use. */
export function inventory(): Inventory {
  if (!holder.__opsdeckInventory) {
    const inv = new Inventory(dockerHosts().map((h) => new HostWatcher(h.name, engine(h.name))));
    holder.__opsdeckInventory = inv;
    inv.start();
  }
  return holder.__opsdeckInventory;
}

export function stopInventory(): void {
  holder.__opsdeckInventory?.stop();
  holder.__opsdeckInventory = undefined;
}
