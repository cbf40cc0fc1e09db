import type { Engine } from '@/lib/docker/engine';
import { swarmScale } from '@/lib/docker/swarm';
import type { DockerService } from '@/lib/docker/types';
import { errorText, waitHealthy } from '@/lib/docker/wait';
import type { JobContext } from '@/lib/jobs/engine';
import { clearStopped, noteStopped } from './stopped-note';

/**
 * Stopping a service for a consistent copy or a restore, and starting it again. Compose and plain
 * containers are stopped one by one; a swarm service is scaled to 0 and back (stopping its tasks
 * would only make swarm replace them).
 */
export interface StoppedService {
  /** what was stopped, for the job's steps */
  description: string;
  start(): Promise<void>;
  /** after start: every container running (and healthy, when it has a HEALTHCHECK) */
  waitHealthy(timeoutMs: number): Promise<{ ok: boolean; message: string }>;
}

const SWARM_TIMEOUT_MS = 120_000;

export async function stopService(
  docker: Engine,
  svc: DockerService,
  ctx: JobContext,
): Promise<StoppedService> {
  if (svc.kind === 'swarm' && svc.swarm) {
    const id = svc.swarm.serviceId;
    const replicas = svc.desired;
    await swarmScale(docker, id, 0, ctx, SWARM_TIMEOUT_MS);
    return {
      description: `swarm service ${svc.name} scaled to 0 (was ${replicas})`,
      start: () => swarmScale(docker, id, replicas, ctx, SWARM_TIMEOUT_MS),
      // swarmScale already waited for the tasks to run
      waitHealthy: async () => ({ ok: true, message: `${replicas} task(s) running` }),
    };
  }
  const running = svc.containers.filter((c) => c.state === 'running' || c.state === 'restarting');
  noteStopped(ctx.job.id, { host: svc.host, containers: running.map((c) => ({ id: c.id, name: c.name })) });
  await Promise.all(
    running.map((c) =>
      docker
        .container(c.id)
        // no `t`: the engine uses the container's own stop timeout (compose stop_grace_period)
        .stop()
        .catch((err: unknown) => {
          if ((err as { statusCode?: number }).statusCode !== 304) throw err;
        }),
    ),
  );
  return {
    description: `${running.length} container(s) stopped: ${running.map((c) => c.name).join(', ')}`,
    async start() {
      const failures: string[] = [];
      for (const c of running) {
        await docker
          .container(c.id)
          .start()
          .catch((err: unknown) => {
            if ((err as { statusCode?: number }).statusCode !== 304)
              failures.push(`${c.name}: ${errorText(err)}`);
          });
      }
      if (failures.length > 0) throw new Error(`could not start again: ${failures.join('; ')}`);
      clearStopped(ctx.job.id);
    },
    async waitHealthy(timeoutMs) {
      const outcomes = await Promise.all(
        running.map(async (c) => ({
          name: c.name,
          ...(await waitHealthy(docker, c.id, timeoutMs, ctx.signal)),
        })),
      );
      const bad = outcomes.filter((o) => !o.ok);
      return bad.length === 0
        ? {
            ok: true,
            message: outcomes.map((o) => `${o.name} ${o.message}`).join('; ') || 'nothing to start',
          }
        : { ok: false, message: bad.map((o) => `${o.name}: ${o.message}`).join('; ') };
    },
  };
}
