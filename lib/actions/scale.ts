import { env } from '@/lib/config/env';
import {
  cloneOptions,
  containerName,
  extraNetworks,
  nextFreeNumbers,
  replicaName,
  stopTimeoutSeconds,
  whyNotCloneable,
} from '@/lib/docker/compose';
import type { Engine } from '@/lib/docker/engine';
import { engine } from '@/lib/docker/engine';
import type { ContainerInspect } from '@/lib/docker/engine-types';
import { COMPOSE } from '@/lib/docker/labels';
import { inspectReplicas, replicaNumber } from '@/lib/docker/replicas';
import { swarmScale } from '@/lib/docker/swarm';
import type { DockerService } from '@/lib/docker/types';
import { errorText, waitHealthy } from '@/lib/docker/wait';
import { badRequest } from '@/lib/errors';
import type { JobContext } from '@/lib/jobs/engine';

export interface ScalePlan {
  svc: DockerService;
  from: number;
  to: number;
  /** the replica new ones are cloned from (compose, scaling up) */
  source: ContainerInspect | null;
  replicas: ContainerInspect[];
  timeoutMs: number;
}

/** Checks a scale request before anything changes; every refusal is a 4xx with the reason. */
export async function planScale(svc: DockerService, to: number, timeoutSeconds: number): Promise<ScalePlan> {
  const max = env().OPSDECK_MAX_REPLICAS;
  if (!Number.isInteger(to) || to < 0 || to > max)
    throw badRequest(`replicas must be a whole number from 0 to ${max} (OPSDECK_MAX_REPLICAS)`);
  const timeoutMs = timeoutSeconds * 1000;
  if (svc.kind === 'container')
    throw badRequest(`${svc.name} is a plain container, not a compose or swarm service: it cannot be scaled`);
  if (svc.kind === 'swarm') {
    if (svc.swarm?.mode !== 'replicated') throw badRequest('a global swarm service cannot be scaled');
    return { svc, from: svc.desired, to, source: null, replicas: [], timeoutMs };
  }
  const replicas = await inspectReplicas(svc);
  let source: ContainerInspect | null = null;
  if (to > replicas.length) {
    source = [...replicas].reverse().find((r) => r.State.Running) ?? replicas.at(-1) ?? null;
    if (!source)
      throw badRequest('the service has no container to copy: start it with docker-compose up first');
    const why = whyNotCloneable(source);
    if (why) throw badRequest(`Cannot scale ${svc.stack}/${svc.name} up: ${why}`);
  }
  return { svc, from: replicas.length, to, source, replicas, timeoutMs };
}

export async function runScale(plan: ScalePlan, ctx: JobContext): Promise<void> {
  const { svc, from, to } = plan;
  const docker = engine(svc.host);
  if (svc.kind === 'swarm' && svc.swarm) {
    await swarmScale(docker, svc.swarm.serviceId, to, ctx, plan.timeoutMs + 10_000);
    return;
  }
  if (to === from) {
    ctx.step(`${svc.stack}/${svc.name} already has ${to} replica(s); nothing to do`);
    return;
  }
  if (to > from) await scaleUp(docker, plan, ctx);
  else await scaleDown(docker, plan, ctx);
}

async function scaleUp(docker: Engine, plan: ScalePlan, ctx: JobContext): Promise<void> {
  const { svc, source, replicas, to } = plan;
  if (!source) throw new Error('no replica to copy');
  const labels = source.Config.Labels ?? {};
  const project = labels[COMPOSE.project] ?? svc.stack;
  const service = labels[COMPOSE.service] ?? svc.name;
  const numbers = nextFreeNumbers(replicas.map(replicaNumber), to - replicas.length);
  const names = replicas.map(containerName);
  ctx.step(
    `Scaling ${project}/${service} from ${replicas.length} to ${to}: copying ${containerName(source)}`,
  );
  // Created and started a few at a time, like `docker-compose up --scale`; results in number order.
  let done = 0;
  const outcomes = await inBatches(numbers, CREATE_CONCURRENCY, async (n) => {
    const name = replicaName(project, service, n, names);
    ctx.step(`Creating replica ${n}: ${name}`);
    let outcome: { ok: boolean; message: string };
    try {
      const container = await docker.createContainer(cloneOptions(source, { name, number: n }));
      for (const net of extraNetworks(source))
        await docker.connectNetwork(net.name, container.id, net.aliases);
      await container.start();
      const health = await waitHealthy(docker, container.id, plan.timeoutMs, ctx.signal);
      outcome = {
        ok: health.ok,
        message: health.ok ? `created, ${health.message}` : `created but ${health.message}`,
      };
    } catch (err) {
      outcome = { ok: false, message: `could not create: ${errorText(err)}` };
    }
    done++;
    ctx.progress(done / numbers.length, { done, total: numbers.length, unit: 'replicas up' });
    return { target: name, ...outcome };
  });
  for (const o of outcomes) ctx.result(o);
}

const CREATE_CONCURRENCY = 4;

async function inBatches<T, R>(items: T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

async function scaleDown(docker: Engine, plan: ScalePlan, ctx: JobContext): Promise<void> {
  const victims = [...plan.replicas]
    .sort((a, b) => replicaNumber(b) - replicaNumber(a))
    .slice(0, plan.from - plan.to);
  ctx.step(
    `Scaling ${plan.svc.stack}/${plan.svc.name} from ${plan.from} to ${plan.to}: removing ${victims.map(containerName).join(', ')}`,
  );
  for (const [i, info] of victims.entries()) {
    const name = containerName(info);
    ctx.progress(i / victims.length, { done: i, total: victims.length, unit: 'replicas removed' });
    try {
      if (info.State.Running) {
        ctx.step(`Stopping ${name} (up to ${stopTimeoutSeconds(info)} s)`);
        await docker.container(info.Id).stop({ t: stopTimeoutSeconds(info) });
      }
      await docker.container(info.Id).remove();
      ctx.result({ target: name, ok: true, message: 'stopped and removed' });
    } catch (err) {
      ctx.result({ target: name, ok: false, message: `could not remove: ${errorText(err)}` });
    }
  }
}
