import type { Principal } from '@/lib/auth/types';
import { resolveContainerRef } from '@/lib/docker/container-ref';
import type { JobContext } from '@/lib/jobs/engine';
import { assertNoActiveJob, findJobByIdempotencyKey, startJob } from '@/lib/jobs/engine';
import type { Job, JobKind } from '@/lib/jobs/types';
import { findServiceOfContainer, getDockerService } from '@/lib/services';
import { planDeploy } from './deploy';
import { restartContainer, rollingRestart } from './restart';
import { planRollback } from './rollback';
import { planScale, runScale } from './scale';

/** Who asked, for the job record and idempotency. */
export interface ActionRequest {
  principal: Principal | null;
  requestId: string;
  idempotencyKey: string | null;
}

const actorOf = (r: ActionRequest) => r.principal?.name ?? 'anonymous';

/**
 * The common path of every action: a retried request (same Idempotency-Key) gets its job back before
 * anything is re-validated; otherwise `prepare` checks the input (4xx, nothing changed) and the
 * job starts under the service lock.
 */
async function launch(
  kind: JobKind,
  serviceId: string,
  params: unknown,
  req: ActionRequest,
  prepare: () => Promise<(ctx: JobContext) => Promise<void>>,
): Promise<Job> {
  const actor = actorOf(req);
  const existing = findJobByIdempotencyKey(actor, req.idempotencyKey);
  if (existing) return existing;
  assertNoActiveJob(serviceId);
  const run = await prepare();
  return startJob(
    { kind, serviceId, params, actor, requestId: req.requestId, idempotencyKey: req.idempotencyKey },
    run,
  );
}

export function restartService(serviceId: string, body: { timeoutSeconds: number }, req: ActionRequest) {
  return launch('restart', serviceId, body, req, async () => {
    const svc = await getDockerService(serviceId);
    return (ctx) => rollingRestart(svc, ctx, body);
  });
}

export async function restartContainerAction(
  containerId: string,
  body: { timeoutSeconds: number },
  req: ActionRequest,
) {
  const svc = await findServiceOfContainer(containerId);
  const container = resolveContainerRef(svc.containers, containerId, (c) => c.id);
  const fullId = container?.id ?? containerId;
  return launch('container-restart', svc.id, { containerId: fullId, ...body }, req, async () => {
    return (ctx) => restartContainer(svc.host, fullId, ctx, body);
  });
}

export function scaleService(
  serviceId: string,
  body: { replicas: number; timeoutSeconds: number },
  req: ActionRequest,
) {
  return launch('scale', serviceId, body, req, async () => {
    const plan = await planScale(await getDockerService(serviceId), body.replicas, body.timeoutSeconds);
    return (ctx) => runScale(plan, ctx);
  });
}

export function rollbackService(
  serviceId: string,
  body: { deployId?: string; timeoutSeconds: number },
  req: ActionRequest,
) {
  return launch('rollback', serviceId, body, req, async () => {
    const runner = await planRollback(await getDockerService(serviceId), body.deployId, body.timeoutSeconds);
    return runner.run;
  });
}

export function deployService(
  serviceId: string,
  body: { image: string; timeoutSeconds: number },
  req: ActionRequest,
) {
  return launch('deploy', serviceId, body, req, async () =>
    planDeploy(await getDockerService(serviceId), body.image, body.timeoutSeconds),
  );
}
