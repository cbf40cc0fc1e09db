import type { Engine } from './engine';
import type { SwarmServiceInspect } from './engine-types';
import { sleep } from './wait';

/**
 * What a swarm change reports as it goes. A job's context (actions, or a backup stopping a service)
 * is one; lib/docker knows no jobs, so the shape is spelled out here.
 */
export interface SwarmReporter {
  step(message: string): void;
  progress(fraction: number, detail: { done: number; total: number; unit: string }): void;
  result(r: { target: string; ok: boolean; message: string }): void;
  signal: AbortSignal;
}

async function inspect(docker: Engine, id: string): Promise<SwarmServiceInspect> {
  return docker.inspectService(id);
}

/** Updates a service spec with its current version: the engine refuses if someone changed it meanwhile. */
async function update(
  docker: Engine,
  svc: SwarmServiceInspect,
  spec: SwarmServiceInspect['Spec'],
  query: Record<string, string> = {},
): Promise<void> {
  await docker.updateService(svc.ID, svc.Version.Index, spec, query);
}

const ongoing = new Set(['updating', 'rollback_started', 'paused', 'rollback_paused']);

/**
 * Waits for the swarm update this job started to finish and reports the engine's UpdateStatus.
 * Only a status newer than `before` counts (the last update's `completed` is not this one's), and
 * `paused` (failure action pause) is a failure: the engine stopped halfway.
 */
async function waitUpdate(
  docker: Engine,
  id: string,
  ctx: SwarmReporter,
  timeoutMs: number,
  expect: 'completed' | 'rollback_completed',
  before: SwarmServiceInspect['UpdateStatus'],
): Promise<void> {
  const until = Date.now() + timeoutMs;
  let lastState = '';
  while (Date.now() < until) {
    const svc = await inspect(docker, id);
    const status = svc.UpdateStatus;
    const fresh = status?.State && (status.StartedAt !== before?.StartedAt || status.State !== before?.State);
    const state = fresh ? (status?.State ?? '') : '';
    if (state && state !== lastState) {
      ctx.step(`Swarm UpdateStatus: ${state}${status?.Message ? ` (${status.Message})` : ''}`);
      lastState = state;
    }
    if (state === expect) return;
    if (state.includes('paused')) throw new Error(`swarm update ${state}: ${status?.Message ?? ''}`);
    if (state && !ongoing.has(state))
      throw new Error(`swarm update ended as ${state}: ${status?.Message ?? ''}`);
    await sleep(300, ctx.signal);
  }
  throw new Error(
    `swarm update did not finish within ${Math.round(timeoutMs / 1000)} s (last state: ${lastState || 'not started'})`,
  );
}

/** Restart by force update: swarm replaces every task, honouring the service's update config. */
export async function swarmForceRestart(docker: Engine, id: string, ctx: SwarmReporter, timeoutMs: number) {
  const svc = await inspect(docker, id);
  const template = { ...(svc.Spec.TaskTemplate ?? {}) };
  template.ForceUpdate = (template.ForceUpdate ?? 0) + 1;
  ctx.step(`Force-updating swarm service ${svc.Spec.Name} (version ${svc.Version.Index})`);
  await update(docker, svc, { ...svc.Spec, TaskTemplate: template });
  await waitUpdate(docker, id, ctx, timeoutMs, 'completed', svc.UpdateStatus);
  ctx.result({ target: svc.Spec.Name, ok: true, message: 'all tasks replaced' });
}

export async function swarmScale(
  docker: Engine,
  id: string,
  replicas: number,
  ctx: SwarmReporter,
  timeoutMs: number,
) {
  const svc = await inspect(docker, id);
  if (!svc.Spec.Mode?.Replicated)
    throw new Error('a global service runs one task per node and cannot be scaled');
  const from = svc.Spec.Mode.Replicated.Replicas ?? 0;
  ctx.step(`Setting replicas of ${svc.Spec.Name} from ${from} to ${replicas} (version ${svc.Version.Index})`);
  await update(docker, svc, { ...svc.Spec, Mode: { Replicated: { Replicas: replicas } } });
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const tasks = await docker.listTasks({ service: [id], 'desired-state': ['running'] });
    const running = tasks.filter((t) => t.Status?.State === 'running').length;
    ctx.progress(replicas === 0 ? 1 : Math.min(running / replicas, 1), {
      done: running,
      total: replicas,
      unit: 'tasks running',
    });
    if (running === replicas && tasks.length === replicas) {
      ctx.result({ target: svc.Spec.Name, ok: true, message: `${running} of ${replicas} tasks running` });
      return;
    }
    await sleep(500, ctx.signal);
  }
  ctx.result({
    target: svc.Spec.Name,
    ok: false,
    message: `replicas not running within ${Math.round(timeoutMs / 1000)} s`,
  });
}

/** The engine's own rollback to the previous spec, reporting its UpdateStatus. */
export async function swarmRollback(docker: Engine, id: string, ctx: SwarmReporter, timeoutMs: number) {
  const svc = await inspect(docker, id);
  if (!svc.PreviousSpec) throw new Error('this swarm service has no previous spec to roll back to');
  ctx.step(`Asking the engine to roll ${svc.Spec.Name} back to its previous spec`);
  await update(docker, svc, svc.Spec, { rollback: 'previous' });
  await waitUpdate(docker, id, ctx, timeoutMs, 'rollback_completed', svc.UpdateStatus);
  const after = await inspect(docker, id);
  ctx.result({
    target: svc.Spec.Name,
    ok: true,
    message: `rolled back to ${after.Spec.TaskTemplate?.ContainerSpec?.Image ?? 'previous spec'} (UpdateStatus ${after.UpdateStatus?.State ?? 'none'})`,
  });
}
