import {
  cloneOptions,
  containerName,
  extraNetworks,
  nextFreeNumbers,
  replicaName,
  stopTimeoutSeconds,
  whyNotCloneable,
  withoutImageDefaults,
} from '@/lib/docker/compose';
import type { Engine } from '@/lib/docker/engine';
import { engine } from '@/lib/docker/engine';
import type { ContainerInspect } from '@/lib/docker/engine-types';
import { COMPOSE } from '@/lib/docker/labels';
import { inspectReplicas, replicaNumber } from '@/lib/docker/replicas';
import type { DockerService } from '@/lib/docker/types';
import { errorText, waitHealthy } from '@/lib/docker/wait';
import { badRequest } from '@/lib/errors';
import type { JobContext } from '@/lib/jobs/engine';
import { forgetDeploysOfContainers, recordDeploy } from './deploys';
import { runGate } from './gate';

export type SwitchStrategy = 'blue-green' | 'stop-first';

/** Moving a compose service's containers to another image, behind the health gate. */
export interface SwitchPlan {
  svc: DockerService;
  /** what new containers are created from: a tag when it still names the image, else the image id */
  image: string;
  imageId: string;
  replicas: ContainerInspect[];
  strategy: SwitchStrategy;
  /** why blue-green is impossible, when it is */
  reason: string | null;
  timeoutMs: number;
}

/** Resolves an image on the service's host; null when the engine does not have it. */
export async function localImage(
  docker: Engine,
  ref: string,
): Promise<{ id: string; healthcheck: boolean; repoTags: string[] } | null> {
  try {
    const img = (await docker.inspectImage(ref)) as {
      Id: string;
      RepoTags?: string[] | null;
      Config?: { Healthcheck?: { Test?: string[] } };
    };
    const test = img.Config?.Healthcheck?.Test;
    return {
      id: img.Id,
      healthcheck: Array.isArray(test) && test.length > 0 && test[0] !== 'NONE',
      repoTags: Array.isArray(img.RepoTags) ? img.RepoTags.filter((t) => typeof t === 'string') : [],
    };
  } catch {
    return null;
  }
}

export async function planSwitch(
  svc: DockerService,
  image: string,
  imageId: string,
  timeoutSeconds: number,
): Promise<SwitchPlan> {
  if (svc.kind !== 'compose')
    throw badRequest(
      `${svc.stack}/${svc.name} is not a compose service: gated deploys and rollbacks need compose labels`,
    );
  const replicas = (await inspectReplicas(svc)).filter(
    (r) => r.State.Running || r.State.Status === 'created',
  );
  const first = replicas[0];
  if (!first) throw badRequest('the service has no running container to replace');
  if (replicas.every((r) => r.Image === imageId))
    throw badRequest(`every container of ${svc.stack}/${svc.name} already runs ${image}`);
  const reason = whyNotCloneable(first);
  return {
    svc,
    image,
    imageId,
    replicas,
    strategy: reason ? 'stop-first' : 'blue-green',
    reason,
    timeoutMs: timeoutSeconds * 1000,
  };
}

interface Swap {
  old: ContainerInspect;
  oldStopped: boolean;
  fresh: { id: string; name: string } | null;
}

/**
 * Replaces each replica with one on the target image, gated. Old containers are only stopped, never
 * removed, until every replacement has passed; if one fails, every old container is started again and
 * every new one removed, so the service is never left with nothing running.
 */
export async function runSwitch(
  plan: SwitchPlan,
  ctx: JobContext,
  what: 'rollback' | 'deploy',
): Promise<void> {
  const docker = engine(plan.svc.host);
  const { replicas } = plan;
  const from = replicas[0]?.Config.Image ?? '?';
  ctx.step(
    plan.strategy === 'blue-green'
      ? `${what}: ${from} → ${plan.image}, blue-green: each new container starts beside the old one, which stops once the new one passes the gate`
      : `${what}: ${from} → ${plan.image}, stop-first because ${plan.reason}: each old container stops before its replacement starts`,
  );
  const numbers = nextFreeNumbers(replicas.map(replicaNumber), replicas.length);
  const names = replicas.map(containerName);
  const swaps: Swap[] = [];
  let failure: string | null = null;
  const oldImages = new Map<string, Parameters<typeof withoutImageDefaults>[1] | null>();
  for (const r of replicas)
    if (!oldImages.has(r.Image)) oldImages.set(r.Image, await imageConfig(docker, r.Image));
  for (const [i, old] of replicas.entries()) {
    ctx.progress(i / replicas.length, { done: i, total: replicas.length, unit: 'replicas replaced' });
    const swap: Swap = { old, oldStopped: false, fresh: null };
    swaps.push(swap);
    const labels = old.Config.Labels ?? {};
    const n = numbers[i] ?? replicaNumber(old) + 1000;
    const name = replicaName(
      labels[COMPOSE.project] ?? plan.svc.stack,
      labels[COMPOSE.service] ?? plan.svc.name,
      n,
      names,
    );
    try {
      if (plan.strategy === 'stop-first') await stopOld(docker, swap, ctx);
      ctx.step(`Starting ${name} on ${plan.image}`);
      const options = cloneOptions(old, { name, number: n, image: plan.image });
      const oldImage = oldImages.get(old.Image);
      if (!oldImage)
        ctx.step(
          `The image ${old.Config.Image} is gone: its defaults cannot be told apart from the container's own settings`,
          'warn',
        );
      const created = await docker.createContainer(
        oldImage ? withoutImageDefaults(options, oldImage) : options,
      );
      swap.fresh = { id: created.id, name };
      for (const net of extraNetworks(old)) await docker.connectNetwork(net.name, created.id, net.aliases);
      await created.start();
    } catch (err) {
      failure = `${name}: could not start: ${errorText(err)}`;
      break;
    }
    const gate = await runGate(docker, swap.fresh.id, ctx, plan.timeoutMs);
    if (!gate.ok) {
      failure = `${name} failed the gate: ${gate.message}`;
      break;
    }
    ctx.step(`${name} passed the gate (${gate.message})`);
    if (plan.strategy === 'blue-green') await stopOld(docker, swap, ctx);
  }
  if (failure) {
    ctx.step(failure, 'error');
    await restore(docker, plan, swaps, ctx, what);
    return;
  }
  for (const swap of swaps) {
    await docker
      .container(swap.old.Id)
      .remove({ force: true })
      .catch(() => undefined);
    ctx.result({
      target: swap.fresh?.name ?? containerName(swap.old),
      ok: true,
      message: `replaced ${containerName(swap.old)}, now on ${plan.image}`,
    });
  }
  const last = swaps.at(-1)?.fresh;
  recordDeploy({
    serviceId: plan.svc.id,
    image: plan.image,
    imageId: plan.imageId,
    configHash: replicas[0]?.Config.Labels?.[COMPOSE.configHash] ?? null,
    containerId: last?.id ?? null,
    actor: ctx.job.actor,
    jobId: ctx.job.id,
    at: new Date().toISOString(),
  });
  ctx.progress(1, { done: replicas.length, total: replicas.length, unit: 'replicas replaced' });
}

async function imageConfig(docker: Engine, id: string) {
  try {
    return (
      ((await docker.inspectImage(id)) as { Config?: Parameters<typeof withoutImageDefaults>[1] }).Config ??
      {}
    );
  } catch {
    return null;
  }
}

async function stopOld(docker: Engine, swap: Swap, ctx: JobContext): Promise<void> {
  ctx.step(`Stopping ${containerName(swap.old)} (kept until the ${'switch'} succeeds)`);
  swap.oldStopped = true;
  await docker
    .container(swap.old.Id)
    .stop({ t: stopTimeoutSeconds(swap.old) })
    .catch((err: unknown) => {
      if ((err as { statusCode?: number }).statusCode !== 304) throw err;
    });
}

/** Puts back what was running: old containers started again, new ones removed. Always fails the job. */
async function restore(
  docker: Engine,
  plan: SwitchPlan,
  swaps: Swap[],
  ctx: JobContext,
  what: string,
): Promise<void> {
  const oldImage = plan.replicas[0]?.Config.Image ?? 'the previous image';
  ctx.step(`Restoring ${oldImage}${what === 'deploy' ? ' (automatic rollback)' : ''}`, 'warn');
  const removed: string[] = [];
  for (const swap of swaps) {
    if (swap.fresh) {
      await docker
        .container(swap.fresh.id)
        .remove({ force: true })
        .catch(() => undefined);
      removed.push(swap.fresh.id);
    }
    const oldName = containerName(swap.old);
    if (swap.oldStopped) {
      try {
        await docker.container(swap.old.Id).start();
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode !== 304) {
          ctx.result({ target: oldName, ok: false, message: `could not start it again: ${errorText(err)}` });
          continue;
        }
      }
      const back = await waitHealthy(docker, swap.old.Id, plan.timeoutMs, ctx.signal);
      ctx.result({
        target: oldName,
        ok: false,
        message: back.ok
          ? `not replaced; restored on ${oldImage} (${back.message})`
          : `not replaced, and did not come back: ${back.message}`,
      });
    } else {
      ctx.result({ target: oldName, ok: false, message: `not replaced; still running ${oldImage}` });
    }
  }
  forgetDeploysOfContainers(plan.svc.id, removed);
  throw new Error(`${what} to ${plan.image} failed the gate; ${oldImage} was restored`);
}
