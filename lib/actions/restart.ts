import { containerName, stopTimeoutSeconds } from '@/lib/docker/compose';
import type { Engine } from '@/lib/docker/engine';
import { engine } from '@/lib/docker/engine';
import type { ContainerInspect } from '@/lib/docker/engine-types';
import { inspectReplicas } from '@/lib/docker/replicas';
import { swarmForceRestart } from '@/lib/docker/swarm';
import type { DockerService } from '@/lib/docker/types';
import { errorText, waitHealthy } from '@/lib/docker/wait';
import { badRequest } from '@/lib/errors';
import type { JobContext } from '@/lib/jobs/engine';

export interface RestartOptions {
  /** per replica: how long it may take to be healthy again */
  timeoutSeconds: number;
}

/** Restarts one container and waits for it to be healthy (or running, without a HEALTHCHECK). */
export async function restartOne(
  docker: Engine,
  info: ContainerInspect,
  ctx: JobContext,
  timeoutMs: number,
): Promise<boolean> {
  const name = containerName(info);
  ctx.step(`Restarting ${name}`);
  try {
    await docker.container(info.Id).restart({ t: stopTimeoutSeconds(info) });
  } catch (err) {
    ctx.result({ target: name, ok: false, message: `restart refused: ${errorText(err)}` });
    return false;
  }
  const outcome = await waitHealthy(docker, info.Id, timeoutMs, ctx.signal);
  ctx.result({
    target: name,
    ok: outcome.ok,
    message: outcome.ok ? `restarted, ${outcome.message}` : outcome.message,
  });
  return outcome.ok;
}

/**
 * A rolling restart: one replica at a time, each healthy again before the next, so the others keep
 * serving. Stops at the first replica that does not come back; the rest are left untouched.
 */
export async function rollingRestart(
  svc: DockerService,
  ctx: JobContext,
  opts: RestartOptions,
): Promise<void> {
  const docker = engine(svc.host);
  if (svc.kind === 'swarm') {
    if (!svc.swarm) throw badRequest('swarm service without its swarm id');
    await swarmForceRestart(
      docker,
      svc.swarm.serviceId,
      ctx,
      opts.timeoutSeconds * 1000 * Math.max(svc.desired, 1),
    );
    return;
  }
  const replicas = await inspectReplicas(svc);
  if (replicas.length === 0) throw new Error('the service has no containers to restart');
  ctx.step(`Rolling restart of ${replicas.length} container(s), one at a time`);
  for (const [i, info] of replicas.entries()) {
    ctx.progress(i / replicas.length, { done: i, total: replicas.length, unit: 'replicas' });
    const ok = await restartOne(docker, info, ctx, opts.timeoutSeconds * 1000);
    if (!ok) {
      const left = replicas.slice(i + 1).map(containerName);
      if (left.length > 0) ctx.step(`Stopped the rollout; not restarted: ${left.join(', ')}`, 'warn');
      return;
    }
  }
  ctx.progress(1, { done: replicas.length, total: replicas.length, unit: 'replicas' });
}

export async function restartContainer(
  host: string,
  containerId: string,
  ctx: JobContext,
  opts: RestartOptions,
): Promise<void> {
  const docker = engine(host);
  const info = await docker.container(containerId).inspect();
  await restartOne(docker, info, ctx, opts.timeoutSeconds * 1000);
}
