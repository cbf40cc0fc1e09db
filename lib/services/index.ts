import type { ServiceTarget } from '@/lib/auth/permissions';
import { findContainer } from '@/lib/docker/container-ref';
import { parseServiceId } from '@/lib/docker/ids';
import { taskName } from '@/lib/docker/swarm-state';
import type { DockerService, SourceStatus } from '@/lib/docker/types';
import { notFound } from '@/lib/errors';
import { computeHealth } from '@/lib/health/compute';
import type { Reason } from '@/lib/health/types';
import { liveInventory as inventory } from './runtime';
import { SELF_REASON_CODE } from './schemas';
import { isOpsdeckItself, SELF_REFUSAL } from './self';
import { onSourceChanged, serviceSources } from './sources';
import type { Service, ServicesAnswer } from './types';

const NO_BACKUP: Service['backup'] = {
  lastAt: null,
  lastVerifiedAt: null,
  lastVerifyOk: null,
  lastVerifyMs: null,
  schedule: null,
};

const unchecked = (ref: string): Service['image'] => ({
  ref,
  updateAvailable: null,
  checkedAt: null,
  currentDigest: null,
  remoteDigest: null,
  error: null,
  note: null,
});

/** Engine state + health + what every registered source contributes, as the API shows it. */
export function toService(svc: DockerService, engine: SourceStatus): Service {
  const extra: Reason[] = [];
  const fields: Partial<Service> = {};
  let cap: 'degraded' | 'down' | undefined;
  for (const source of serviceSources()) {
    try {
      const c = source.contribute(svc);
      if (c.reasons) extra.push(...c.reasons);
      if (c.fields) Object.assign(fields, c.fields);
      if (c.cap === 'down' || (c.cap === 'degraded' && cap === undefined)) cap = c.cap;
    } catch (err) {
      extra.push({
        code: `${source.name}_error`,
        severity: 'info',
        message: `${source.name}: ${String(err)}`,
      });
    }
  }
  // info: it says why no action is offered, it does not make the service less healthy
  if (isOpsdeckItself(svc)) extra.push({ code: SELF_REASON_CODE, severity: 'info', message: SELF_REFUSAL });
  const health = computeHealth(svc, engine, extra, Date.now(), cap);
  return {
    id: svc.id,
    host: svc.host,
    stack: svc.stack,
    name: svc.name,
    kind: svc.kind,
    status: health.status,
    reasons: health.reasons,
    replicas: health.replicas,
    containers: svc.containers.map((c) => ({
      id: c.id,
      name: c.name,
      replica: c.replica,
      state: c.state,
      health: c.health,
      image: c.image,
      startedAt: c.startedAt,
      restartCount: c.restartCount,
      exitCode: c.exitCode,
    })),
    image: fields.image ? { ...fields.image, ref: svc.image } : unchecked(svc.image),
    labels: svc.labels,
    updatedAt: svc.updatedAt,
    queue: fields.queue ?? null,
    metrics: fields.metrics ?? {},
    alerts: fields.alerts ?? { firing: 0, pending: 0 },
    up: fields.up ?? null,
    backup: fields.backup ?? NO_BACKUP,
    swarm: swarmOf(svc),
  };
}

function swarmOf(svc: DockerService): Service['swarm'] {
  if (svc.kind !== 'swarm' || !svc.swarm) return null;
  const { serviceId, mode, updateStatus, tasks } = svc.swarm;
  if (!tasks) {
    const running = svc.containers.filter((c) => c.state === 'running').length;
    return {
      serviceId,
      mode,
      updateStatus,
      tasksKnown: false,
      summary: `${running} of ${svc.desired} running on this engine (tasks not read yet)`,
      nodes: [],
      tasks: [],
    };
  }
  return {
    serviceId,
    mode,
    updateStatus,
    tasksKnown: true,
    summary: tasks.summary,
    nodes: tasks.nodes,
    tasks: tasks.tasks.map((t) => ({ ...t, name: taskName(svc.name, t) })),
  };
}

export async function listDockerServices(): Promise<DockerService[]> {
  const inv = inventory();
  await inv.ready();
  return inv.services();
}

const holder = globalThis as unknown as {
  __opsdeckServicesCache?: {
    answer: ServicesAnswer | null;
    wired: unknown;
    /** bumped by every source change: every service is worked out again */
    generation: number;
    /** each engine service's API view, kept while the engine's grouping (the same object) lasts */
    views: WeakMap<DockerService, { key: string; service: Service }>;
  };
};

/**
 * The full list, computed once per change of the engine or of a source (not once per request):
 * every reader between two changes gets the same answer.
 */
export async function listServices(): Promise<ServicesAnswer> {
  const inv = inventory();
  await inv.ready();
  holder.__opsdeckServicesCache ??= { answer: null, wired: null, generation: 0, views: new WeakMap() };
  const cache = holder.__opsdeckServicesCache;
  if (cache.wired !== inv) {
    cache.wired = inv;
    cache.answer = null;
    cache.generation++;
    inv.on('change', () => {
      cache.answer = null;
    });
    onSourceChanged(() => {
      cache.answer = null;
      cache.generation++;
    });
  }
  if (!cache.answer) {
    const { generation, views } = cache;
    cache.answer = computeServices((svc, engine) => {
      // An engine regroups only its own services on a change (lib/docker/inventory.ts): the other
      // engines' services are the same objects, and their view is reused unless a source or the
      // engine's status changed meanwhile.
      const key = `${generation}/${serviceSources().length}/${engine.status}/${engine.lastOkAt}/${engine.error ?? ''}`;
      const known = views.get(svc);
      if (known?.key === key) return known.service;
      const service = toService(svc, engine);
      views.set(svc, { key, service });
      return service;
    });
  }
  return cache.answer;
}

function computeServices(
  view: (svc: DockerService, engine: SourceStatus) => Service = toService,
): ServicesAnswer {
  const inv = inventory();
  const engine = inv.source();
  const sources: Record<string, SourceStatus> = { docker: engine };
  for (const s of serviceSources()) if (s.status) sources[s.name] = s.status();
  return { services: inv.services().map((s) => view(s, inv.hostStatus(s.host))), sources };
}

export async function getDockerService(id: string): Promise<DockerService> {
  if (!parseServiceId(id)) throw notFound(`No service with id "${id}"`);
  const inv = inventory();
  await inv.ready();
  const svc = inv.services().find((s) => s.id === id);
  if (!svc) throw notFound(`No service with id "${id}"`);
  return svc;
}

export async function getService(id: string): Promise<Service> {
  return describeService(await getDockerService(id));
}

/** Finds the service a container belongs to (full id, or an unambiguous prefix of at least 6 hex digits). */
export async function findServiceOfContainer(containerId: string): Promise<DockerService> {
  const inv = inventory();
  await inv.ready();
  const found = findContainer(inv.services(), containerId);
  if (!found) throw notFound(`No container with id "${containerId}"`);
  return found.service;
}

/** The token-limit and audit target of a service. */
export function targetOf(svc: Pick<DockerService, 'id' | 'stack' | 'name'>): ServiceTarget {
  return { id: svc.id, stack: svc.stack, name: svc.name };
}

/** The target a service id names, decoded from the id alone (nothing looked up); undefined when malformed. */
export function namedService(id: string): ServiceTarget | undefined {
  const parsed = parseServiceId(id);
  return parsed ? { id, stack: parsed.stack, name: parsed.name } : undefined;
}

/**
 * The target a container id names, from the inventory as it is now (no wait for a first listing):
 * a write refuses a limited token before anything waits on the engine.
 */
export function namedContainer(containerId: string): ServiceTarget | undefined {
  const found = findContainer(inventory().services(), containerId);
  return found ? targetOf(found.service) : undefined;
}

/** A service's labels as the inventory holds them now (nothing waited for); undefined when unknown. */
export function labelsOfService(id: string): Record<string, string> | undefined {
  return inventory()
    .services()
    .find((s) => s.id === id)?.labels;
}

/** The API's view of one service that has been looked up. */
export function describeService(svc: DockerService): Service {
  return toService(svc, inventory().hostStatus(svc.host));
}

/** The swarm a manager engine reports (nodes, every task), or null. */
export function swarmSnapshotOf(host: string) {
  return inventory().swarmOf(host);
}

export function onServicesChanged(cb: () => void): () => void {
  const inv = inventory();
  inv.on('change', cb);
  return () => inv.off('change', cb);
}
