import { canAdmin } from '@/lib/auth/permissions';
import type { Principal } from '@/lib/auth/types';
import { dockerHosts } from '@/lib/docker/client';
import { resolveContainerRef } from '@/lib/docker/container-ref';
import { engine } from '@/lib/docker/engine';
import type { DockerService } from '@/lib/docker/types';
import { badRequest, conflict } from '@/lib/errors';
import type { JobContext } from '@/lib/jobs/engine';
import { assertNoActiveJob, findJobByIdempotencyKey, startJob } from '@/lib/jobs/engine';
import type { Job, JobKind } from '@/lib/jobs/types';
import { findServiceOfContainer, getDockerService, listDockerServices } from '@/lib/services';
import { assertNotOpsdeck } from '@/lib/services/self';
import { planDeploy } from './deploy';
import { type PullTarget, planPullDeploy } from './pull-deploy';
import { restartContainer, rollingRestart } from './restart';
import { planRollback } from './rollback';
import { planScale, runScale } from './scale';
import {
  describeStack,
  runStackAction,
  type StackAction,
  stackServices,
  startOrder,
  startServiceContainers,
  stopServiceContainers,
} from './stack';

/** Who asked, for the job record and idempotency. */
export interface ActionRequest {
  principal: Principal | null;
  requestId: string;
  idempotencyKey: string | null;
}

const actorOf = (r: ActionRequest) => r.principal?.name ?? 'anonymous';

/**
 * The common path of every action: a retried request (same Idempotency-Key) gets its job back before
 * anything is re-validated; otherwise the service is looked up (404) and refused when it is Opsdeck
 * itself (403), `prepare` checks the input (4xx, nothing changed) and the job starts under the
 * service lock.
 */
async function launch(
  kind: JobKind,
  service: string | DockerService,
  params: unknown,
  req: ActionRequest,
  prepare: (svc: DockerService) => Promise<(ctx: JobContext) => Promise<void>>,
): Promise<Job> {
  const actor = actorOf(req);
  const existing = findJobByIdempotencyKey(actor, req.idempotencyKey);
  if (existing) return existing;
  const serviceId = typeof service === 'string' ? service : service.id;
  assertNoActiveJob(serviceId);
  const svc = typeof service === 'string' ? await getDockerService(service) : service;
  assertNotOpsdeck(svc);
  // a stack job (stop/start/restart of the whole stack) holds every service of it
  assertNoActiveJob(stackLock(svc.host, svc.stack));
  const run = await prepare(svc);
  return startJob(
    { kind, serviceId, params, actor, requestId: req.requestId, idempotencyKey: req.idempotencyKey },
    run,
  );
}

export function restartService(serviceId: string, body: { timeoutSeconds: number }, req: ActionRequest) {
  return launch('restart', serviceId, body, req, async (svc) => (ctx) => rollingRestart(svc, ctx, body));
}

export async function restartContainerAction(
  containerId: string,
  body: { timeoutSeconds: number },
  req: ActionRequest,
) {
  const svc = await findServiceOfContainer(containerId);
  const container = resolveContainerRef(svc.containers, containerId, (c) => c.id);
  const fullId = container?.id ?? containerId;
  return launch('container-restart', svc, { containerId: fullId, ...body }, req, async () => {
    return (ctx) => restartContainer(svc.host, fullId, ctx, body);
  });
}

export function scaleService(
  serviceId: string,
  body: { replicas: number; timeoutSeconds: number },
  req: ActionRequest,
) {
  return launch('scale', serviceId, body, req, async (svc) => {
    const plan = await planScale(svc, body.replicas, body.timeoutSeconds);
    return (ctx) => runScale(plan, ctx);
  });
}

export function rollbackService(
  serviceId: string,
  body: { deployId?: string; timeoutSeconds: number },
  req: ActionRequest,
) {
  return launch('rollback', serviceId, body, req, async (svc) => {
    const runner = await planRollback(svc, body.deployId, body.timeoutSeconds);
    return runner.run;
  });
}

export function deployService(
  serviceId: string,
  body: { image: string; timeoutSeconds: number; allowOtherRepository: boolean },
  req: ActionRequest,
) {
  const byAdmin = req.principal !== null && canAdmin(req.principal);
  return launch('deploy', serviceId, body, req, async (svc) => planDeploy(svc, { ...body, byAdmin }));
}

/**
 * Pulls the newest image of the service's own tag and deploys it behind the health gate (a `deploy`
 * job, params `pull: true`). `target` comes from lib/images (the tag and registry credentials).
 */
export function pullDeployService(
  serviceId: string,
  body: { timeoutSeconds: number },
  req: ActionRequest,
  target: (svc: DockerService) => PullTarget,
) {
  return launch('deploy', serviceId, { ...body, pull: true }, req, async (svc) => {
    const t = target(svc);
    return planPullDeploy(svc, t, body.timeoutSeconds);
  });
}

const stackLock = (host: string, stack: string) => `stack:${host}/${stack}`;

/** The stack a request names, on `host` (default: the first configured engine). */
async function stackOf(stack: string, host: string | undefined) {
  const on = host ?? dockerHosts()[0]?.name ?? 'local';
  return { host: on, services: stackServices(await listDockerServices(), on, stack) };
}

/** What a stack action would touch, in order: for the confirmation that names what goes down. */
export async function previewStack(stack: string, host: string | undefined) {
  const { host: on, services } = await stackOf(stack, host);
  return {
    stack,
    host: on,
    services: startOrder(services).map((s) => ({
      id: s.id,
      name: s.name,
      containers: s.containers.length,
      running: s.containers.filter((c) => c.state === 'running').length,
    })),
    stopOrder: describeStack(services, 'stop'),
    startOrder: describeStack(services, 'start'),
  };
}

/**
 * Stop, start or restart a whole compose stack as one job, in dependency order. Refused (409) while
 * any of its services has a job, and (403) when the stack holds Opsdeck; while it runs, every
 * service of the stack is held (per-service actions answer 409).
 */
export async function stackAction(
  stack: string,
  host: string | undefined,
  action: StackAction,
  body: { timeoutSeconds: number },
  req: ActionRequest,
): Promise<Job> {
  const actor = actorOf(req);
  const existing = findJobByIdempotencyKey(actor, req.idempotencyKey);
  if (existing) return existing;
  const { host: on, services } = await stackOf(stack, host);
  for (const svc of services) assertNoActiveJob(svc.id);
  const first = startOrder(services)[0];
  if (!first) throw new Error('empty stack');
  return startJob(
    {
      kind: 'stack',
      serviceId: first.id,
      params: { stack, host: on, action, services: services.map((s) => s.id), ...body },
      lockKey: stackLock(on, stack),
      actor,
      requestId: req.requestId,
      idempotencyKey: req.idempotencyKey,
    },
    (ctx) => runStackAction(services, action, ctx, body),
  );
}

/** Compose services and standalone containers stop and start; a swarm service is scaled instead. */
function assertStoppable(svc: DockerService): void {
  if (svc.kind === 'swarm')
    throw badRequest('a swarm service is stopped by scaling it to 0 and started by scaling it up');
}

export function stopService(serviceId: string, body: { timeoutSeconds: number }, req: ActionRequest) {
  return launch('stop', serviceId, body, req, async (svc) => {
    assertStoppable(svc);
    return (ctx) => stopServiceContainers(svc, ctx);
  });
}

export function startService(serviceId: string, body: { timeoutSeconds: number }, req: ActionRequest) {
  return launch('start', serviceId, body, req, async (svc) => {
    assertStoppable(svc);
    return (ctx) => startServiceContainers(svc, ctx, body.timeoutSeconds * 1000);
  });
}

/**
 * Removes a stopped standalone container (one `docker run` left behind, shown as its own service).
 * Not a replica of a compose or swarm service (scale those), never a running one, never Opsdeck.
 */
export async function removeStoppedContainer(serviceId: string): Promise<{ removed: string }> {
  assertNoActiveJob(serviceId);
  const svc = await getDockerService(serviceId);
  assertNotOpsdeck(svc);
  if (svc.kind !== 'container')
    throw badRequest(`${svc.stack}/${svc.name} is a ${svc.kind} service: scale it to 0 or stop it instead`);
  const [c] = svc.containers;
  if (!c) throw conflict('the container is already gone');
  if (c.state === 'running' || c.state === 'restarting' || c.state === 'paused')
    throw conflict(`${c.name} is ${c.state}: stop it first`);
  await engine(svc.host).container(c.id).remove({ v: false });
  return { removed: c.name };
}
