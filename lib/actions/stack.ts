import { containerName, stopTimeoutSeconds } from '@/lib/docker/compose';
import { engine } from '@/lib/docker/engine';
import { inspectReplicas } from '@/lib/docker/replicas';
import type { DockerService } from '@/lib/docker/types';
import { errorText, waitHealthy } from '@/lib/docker/wait';
import { badRequest, forbidden, notFound } from '@/lib/errors';
import type { JobContext } from '@/lib/jobs/engine';
import { isOpsdeckItself } from '@/lib/services/self';

/**
 * A whole compose stack stopped, started or restarted in dependency order: started dependencies
 * first (each healthy before its dependents start), stopped dependents first. The order comes from
 * compose v2's `com.docker.compose.depends_on` label, else Opsdeck's own `opsdeck.depends_on`
 * (`db,redis`), else — compose v1 records no dependencies on the containers — the order compose
 * created the services in, which it does dependencies first.
 */
export type StackAction = 'stop' | 'start' | 'restart';

const COMPOSE_DEPENDS_ON = 'com.docker.compose.depends_on';
const OPSDECK_DEPENDS_ON = 'opsdeck.depends_on';

/** The names a service depends on, from its labels (either form); null when no label says. */
export function dependenciesOf(svc: Pick<DockerService, 'labels'>): string[] | null {
  const v2 = svc.labels[COMPOSE_DEPENDS_ON];
  // compose v2: "db:service_healthy:false,redis:service_started:false"
  if (v2 !== undefined)
    return v2.split(',').flatMap((d) => (d.trim() ? [d.split(':')[0]?.trim() ?? ''] : []));
  const own = svc.labels[OPSDECK_DEPENDS_ON];
  if (own !== undefined) return own.split(',').flatMap((d) => (d.trim() ? [d.trim()] : []));
  return null;
}

const createdAt = (svc: DockerService) =>
  Math.min(
    ...svc.containers.map((c) => Date.parse(c.createdAt) || Number.MAX_SAFE_INTEGER),
    Number.MAX_SAFE_INTEGER,
  );

/**
 * Start order: a service after everything it depends on. Services no label speaks for keep compose's
 * creation order. A dependency cycle (compose refuses them; a hand-written label may not) is a 400.
 */
export function startOrder(services: DockerService[]): DockerService[] {
  const byName = new Map(services.map((s) => [s.name, s]));
  const byCreation = [...services].sort(
    (a, b) => createdAt(a) - createdAt(b) || a.name.localeCompare(b.name),
  );
  const ordered: DockerService[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (svc: DockerService, path: string[]) => {
    const s = state.get(svc.name);
    if (s === 'done') return;
    if (s === 'visiting')
      throw badRequest(`dependency cycle in the stack: ${[...path, svc.name].join(' → ')}`);
    state.set(svc.name, 'visiting');
    for (const dep of dependenciesOf(svc) ?? []) {
      const d = byName.get(dep);
      if (d) visit(d, [...path, svc.name]);
    }
    state.set(svc.name, 'done');
    ordered.push(svc);
  };
  for (const svc of byCreation) visit(svc, []);
  return ordered;
}

/** The stack's services on that host, checked: known, compose, and not holding Opsdeck. */
export function stackServices(all: DockerService[], host: string, stack: string): DockerService[] {
  const services = all.filter((s) => s.host === host && s.stack === stack);
  if (services.length === 0) throw notFound(`No stack "${stack}" on host "${host}"`);
  const swarm = services.find((s) => s.kind !== 'compose');
  if (swarm)
    throw badRequest(
      `${stack} is not a compose stack (${swarm.name} is a ${swarm.kind} service): scale or restart its services instead`,
    );
  const self = services.find((s) => isOpsdeckItself(s));
  if (self)
    throw forbidden(
      `The stack ${stack} holds Opsdeck itself (${self.name}): stopping it would take down the console that is doing it`,
    );
  return services;
}

/** What goes down, for the confirmation and the job's first step. */
export function describeStack(services: DockerService[], action: StackAction): string {
  const names = startOrder(services).map((s) => `${s.name} (${s.containers.length})`);
  const order = action === 'start' ? names : [...names].reverse();
  return `${action} ${order.join(', ')}`;
}

export interface StackRunOptions {
  /** per service when starting: how long its replicas may take to be healthy */
  timeoutSeconds: number;
}

export async function stopServiceContainers(svc: DockerService, ctx: JobContext): Promise<void> {
  const docker = engine(svc.host);
  for (const info of await inspectReplicas(svc)) {
    const name = containerName(info);
    if (!info.State.Running) {
      ctx.result({ target: name, ok: true, message: 'already stopped' });
      continue;
    }
    try {
      await docker.container(info.Id).stop({ t: stopTimeoutSeconds(info) });
      ctx.result({ target: name, ok: true, message: 'stopped' });
    } catch (err) {
      ctx.result({ target: name, ok: false, message: `stop refused: ${errorText(err)}` });
      throw new Error(`could not stop ${name}: ${errorText(err)}`);
    }
  }
}

export async function startServiceContainers(
  svc: DockerService,
  ctx: JobContext,
  timeoutMs: number,
): Promise<void> {
  const docker = engine(svc.host);
  const replicas = await inspectReplicas(svc);
  for (const info of replicas) {
    if (info.State.Running) continue;
    try {
      await docker.container(info.Id).start();
    } catch (err) {
      throw new Error(`could not start ${containerName(info)}: ${errorText(err)}`);
    }
  }
  // dependents start only when this service is up: healthy, or running for a moment without a check
  for (const info of replicas) {
    const name = containerName(info);
    const outcome = await waitHealthy(docker, info.Id, timeoutMs, ctx.signal);
    ctx.result({
      target: name,
      ok: outcome.ok,
      message: outcome.ok ? `started, ${outcome.message}` : outcome.message,
    });
    if (!outcome.ok) throw new Error(`${name} did not come up: ${outcome.message}`);
  }
}

/** Runs the action over the stack, one service at a time, with progress per service. */
export async function runStackAction(
  services: DockerService[],
  action: StackAction,
  ctx: JobContext,
  opts: StackRunOptions,
): Promise<void> {
  const order = startOrder(services);
  const steps: { svc: DockerService; op: 'stop' | 'start' }[] = [
    ...(action === 'start' ? [] : [...order].reverse().map((svc) => ({ svc, op: 'stop' as const }))),
    ...(action === 'stop' ? [] : order.map((svc) => ({ svc, op: 'start' as const }))),
  ];
  ctx.step(`Stack ${describeStack(services, action)}`);
  for (const [i, { svc, op }] of steps.entries()) {
    ctx.progress(i / steps.length, { done: i, total: steps.length, unit: 'services' });
    if (op === 'stop') {
      ctx.step(`Stopping ${svc.stack}/${svc.name}`);
      await stopServiceContainers(svc, ctx);
    } else {
      const deps = dependenciesOf(svc);
      ctx.step(`Starting ${svc.stack}/${svc.name}${deps?.length ? ` (after ${deps.join(', ')})` : ''}`);
      await startServiceContainers(svc, ctx, opts.timeoutSeconds * 1000);
    }
  }
  ctx.progress(1, { done: steps.length, total: steps.length, unit: 'services' });
}
