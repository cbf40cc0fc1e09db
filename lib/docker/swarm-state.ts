import { EventEmitter } from 'node:events';
import { logger } from '@/lib/log/logger';
import type { Engine } from './engine';
import type { SwarmNode, SwarmTask } from './engine-types';

/**
 * A swarm as its manager sees it: every node and every task, on whichever node it runs. The manager
 * engine alone answers `/nodes` and `/tasks` for the whole swarm, so Opsdeck needs no connection to
 * the workers to know what runs there.
 */

export interface SwarmNodeInfo {
  id: string;
  /** the node's hostname (engine text: untrusted) */
  hostname: string;
  /** what lines and tasks are labelled with: the hostname, with a short id when two nodes share it */
  label: string;
  role: 'manager' | 'worker';
  /** active: takes tasks; pause: keeps its tasks, takes no new ones; drain: its tasks move elsewhere */
  availability: 'active' | 'pause' | 'drain' | 'unknown';
  /** ready, down, disconnected or unknown, as the manager last heard */
  state: string;
  leader: boolean;
  /** the address the manager reaches it at (may be 127.0.0.1 for a node on the same machine) */
  addr: string | null;
  engineVersion: string | null;
  /** the manager's note on the node's state, if any */
  message: string | null;
}

export interface SwarmTaskInfo {
  id: string;
  /** the task slot of a replicated service; null for a global service's task */
  slot: number | null;
  nodeId: string | null;
  /** the node's label (see SwarmNodeInfo.label); null while unassigned */
  node: string | null;
  state: string;
  desiredState: string;
  /** the engine's error for this task (`no suitable node (…)`, `task: non-zero exit (1)`) */
  error: string | null;
  message: string | null;
  containerId: string | null;
  exitCode: number | null;
  updatedAt: string;
}

/** One service's tasks across the swarm, as the service page and health show them. */
export interface SwarmServiceTasks {
  /** the tasks meant to run now (desired state running), by slot then node */
  tasks: SwarmTaskInfo[];
  /** per node holding one of those tasks: how many it should run and how many run */
  nodes: {
    nodeId: string;
    node: string;
    availability: SwarmNodeInfo['availability'];
    desired: number;
    running: number;
  }[];
  desired: number;
  running: number;
  /** `4 of 4 tasks running on 2 nodes` */
  summary: string;
  /** a task meant to run that does not, with the engine's reason (its own error, or the last failed one's) */
  problems: { task: string; state: string; reason: string | null }[];
}

export interface SwarmSnapshot {
  nodes: SwarmNodeInfo[];
  /** every task the manager reports (its bounded history included), grouped by service id */
  tasksByService: Map<string, SwarmTaskInfo[]>;
  readAt: string;
}

const AVAILABILITY = new Set(['active', 'pause', 'drain']);
const RUNNING = 'running';
const FAILED_STATES = new Set(['failed', 'rejected', 'orphaned']);

/** `/nodes` → our nodes, sorted managers first then by hostname; labels disambiguate equal hostnames. */
export function mapNodes(raw: SwarmNode[]): SwarmNodeInfo[] {
  const nodes = raw
    .filter((n) => typeof n.ID === 'string' && n.ID)
    .map((n): SwarmNodeInfo => {
      const availability = n.Spec?.Availability ?? '';
      return {
        id: n.ID as string,
        hostname: n.Description?.Hostname ?? '',
        label: '',
        role: n.Spec?.Role === 'manager' ? 'manager' : 'worker',
        availability: AVAILABILITY.has(availability)
          ? (availability as SwarmNodeInfo['availability'])
          : 'unknown',
        state: n.Status?.State ?? 'unknown',
        leader: n.ManagerStatus?.Leader === true,
        addr: n.Status?.Addr || null,
        engineVersion: n.Description?.Engine?.EngineVersion ?? null,
        message: n.Status?.Message || null,
      };
    });
  const count = new Map<string, number>();
  for (const n of nodes) count.set(n.hostname, (count.get(n.hostname) ?? 0) + 1);
  for (const n of nodes) {
    const base = n.hostname || n.id.slice(0, 12);
    n.label = (count.get(n.hostname) ?? 0) > 1 || !n.hostname ? `${base}~${n.id.slice(0, 6)}` : base;
  }
  return nodes.sort(
    (a, b) =>
      (a.role === b.role ? 0 : a.role === 'manager' ? -1 : 1) ||
      a.label.localeCompare(b.label) ||
      a.id.localeCompare(b.id),
  );
}

/** `/tasks` → our tasks by service, newest first within a service. */
export function mapTasks(raw: SwarmTask[], nodes: SwarmNodeInfo[]): Map<string, SwarmTaskInfo[]> {
  const label = new Map(nodes.map((n) => [n.id, n.label]));
  const out = new Map<string, SwarmTaskInfo[]>();
  for (const t of raw) {
    if (!t.ID || !t.ServiceID) continue;
    const nodeId = t.NodeID || null;
    const info: SwarmTaskInfo = {
      id: t.ID,
      slot: typeof t.Slot === 'number' && t.Slot > 0 ? t.Slot : null,
      nodeId,
      node: nodeId ? (label.get(nodeId) ?? nodeId.slice(0, 12)) : null,
      state: t.Status?.State ?? 'unknown',
      desiredState: t.DesiredState ?? 'unknown',
      error: t.Status?.Err || null,
      message: t.Status?.Message || null,
      containerId: t.Status?.ContainerStatus?.ContainerID || null,
      exitCode: t.Status?.ContainerStatus?.ExitCode ?? null,
      updatedAt: t.Status?.Timestamp ?? t.UpdatedAt ?? t.CreatedAt ?? '',
    };
    let list = out.get(t.ServiceID);
    if (!list) {
      list = [];
      out.set(t.ServiceID, list);
    }
    list.push(info);
  }
  for (const list of out.values())
    list.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id));
  return out;
}

/** `web.2`, or `web@node` for a global service's task. */
export function taskName(serviceName: string, t: Pick<SwarmTaskInfo, 'slot' | 'node' | 'id'>): string {
  if (t.slot !== null) return `${serviceName}.${t.slot}`;
  return `${serviceName}@${t.node ?? t.id.slice(0, 12)}`;
}

/**
 * One service's tasks (newest first, as mapTasks gives them) summed up: desired vs running per node,
 * and for each task meant to run that does not, the engine's reason. For a replicated service the
 * desired count is the spec's; for a global one, the tasks the manager wants running.
 */
export function summariseTasks(
  service: { name: string; mode: 'replicated' | 'global'; replicas: number },
  tasks: SwarmTaskInfo[],
  nodes: SwarmNodeInfo[],
): SwarmServiceTasks {
  const current = tasks.filter((t) => t.desiredState === RUNNING);
  current.sort(
    (a, b) =>
      (a.slot ?? 0) - (b.slot ?? 0) || (a.node ?? '').localeCompare(b.node ?? '') || a.id.localeCompare(b.id),
  );
  const availability = new Map(nodes.map((n) => [n.id, n.availability]));
  const perNode = new Map<string, SwarmServiceTasks['nodes'][number]>();
  for (const t of current) {
    if (!t.nodeId) continue;
    let entry = perNode.get(t.nodeId);
    if (!entry) {
      entry = {
        nodeId: t.nodeId,
        node: t.node ?? t.nodeId.slice(0, 12),
        availability: availability.get(t.nodeId) ?? 'unknown',
        desired: 0,
        running: 0,
      };
      perNode.set(t.nodeId, entry);
    }
    entry.desired++;
    if (t.state === RUNNING) entry.running++;
  }
  const running = current.filter((t) => t.state === RUNNING).length;
  const desired = service.mode === 'replicated' ? service.replicas : current.length;
  const problems: SwarmServiceTasks['problems'] = [];
  for (const t of current) {
    if (t.state === RUNNING) continue;
    // a replacement task has no error of its own yet: the last failed task of its slot (or node) says why
    const previous = t.error
      ? null
      : tasks.find(
          (o) =>
            o !== t &&
            FAILED_STATES.has(o.state) &&
            (t.slot !== null ? o.slot === t.slot : o.nodeId === t.nodeId) &&
            o.error,
        );
    problems.push({
      task: taskName(service.name, t),
      state: t.state,
      reason: t.error ?? previous?.error ?? (t.message && t.message !== t.state ? t.message : null),
    });
  }
  const nodesRunning = [...perNode.values()].filter((n) => n.running > 0).length;
  const summary = `${running} of ${desired} task${desired === 1 ? '' : 's'} running on ${nodesRunning} node${nodesRunning === 1 ? '' : 's'}`;
  return {
    tasks: current,
    nodes: [...perNode.values()].sort((a, b) => a.node.localeCompare(b.node)),
    desired,
    running,
    summary,
    problems,
  };
}

const DEFAULT_INTERVAL_MS = 3000;
const DEFAULT_EVENT_DELAY_MS = 150;

/**
 * Reads `/nodes` and `/tasks` from a manager engine every few seconds, and shortly after an engine
 * event that may have changed them (a service, node or task container event), one read at a time.
 * Emits `change` only when what it read differs from the last read, so an idle swarm costs the
 * inventory nothing. A failed read keeps the last snapshot (the watcher reports the engine's status).
 */
export class SwarmState extends EventEmitter {
  private current: SwarmSnapshot | null = null;
  private fingerprint = '';
  private timer: NodeJS.Timeout | null = null;
  private soon: NodeJS.Timeout | null = null;
  private reading: Promise<void> | null = null;
  private again = false;
  private running = false;
  private readonly intervalMs: number;
  private readonly eventDelayMs: number;

  constructor(
    private readonly engine: Engine,
    options: { intervalMs?: number; eventDelayMs?: number } = {},
  ) {
    super();
    this.setMaxListeners(100);
    this.intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
    this.eventDelayMs = options.eventDelayMs ?? DEFAULT_EVENT_DELAY_MS;
  }

  get active(): boolean {
    return this.running;
  }

  snapshot(): SwarmSnapshot | null {
    return this.current;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.read();
    this.timer = setInterval(() => void this.read(), this.intervalMs);
    this.timer.unref();
  }

  /**
   * Stops reading but keeps the last snapshot: the engine is unreachable, and what it last reported
   * is shown as stale (not polled, not logged every few seconds) until the watcher reconnects.
   */
  pause(): void {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
    this.timer = null;
    this.soon = null;
  }

  /** Stops reading and forgets the swarm (the engine is no manager any more, or the watcher stopped). */
  stop(): void {
    this.pause();
    if (this.current) {
      this.current = null;
      this.fingerprint = '';
      this.emit('change');
    }
  }

  /** Something may have changed: read again shortly (bursts of events make one read). */
  poke(): void {
    if (!this.running || this.soon) return;
    this.soon = setTimeout(() => {
      this.soon = null;
      void this.read();
    }, this.eventDelayMs);
    this.soon.unref();
  }

  /** Reads now (or right after a read in flight) and resolves once that read is applied. */
  async refresh(): Promise<void> {
    if (this.reading) {
      this.again = true;
      await this.reading;
      if (this.reading) await this.reading;
      return;
    }
    await this.read();
  }

  private read(): Promise<void> {
    if (!this.running) return Promise.resolve();
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = (async () => {
      try {
        do {
          this.again = false;
          const [rawNodes, rawTasks] = await Promise.all([
            this.engine.listNodes(),
            this.engine.listTasks({}),
          ]);
          if (!this.running) return;
          const nodes = mapNodes(rawNodes);
          const tasksByService = mapTasks(rawTasks, nodes);
          const byId = [...tasksByService.entries()].sort((a, b) => a[0].localeCompare(b[0]));
          const print = JSON.stringify([nodes, byId]);
          if (print !== this.fingerprint) {
            this.fingerprint = print;
            this.current = { nodes, tasksByService, readAt: new Date().toISOString() };
            this.emit('change');
          }
        } while (this.again && this.running);
      } catch (err) {
        logger().warn({ host: this.engine.host, err: String(err) }, 'swarm nodes/tasks unreadable');
      } finally {
        this.reading = null;
      }
    })();
    return this.reading;
  }
}
