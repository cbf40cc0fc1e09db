import { engine } from '@/lib/docker/engine';
import { swarmRollback } from '@/lib/docker/swarm';
import type { DockerService } from '@/lib/docker/types';
import { badRequest, notFound } from '@/lib/errors';
import type { JobContext } from '@/lib/jobs/engine';
import { currentVersion, type Deploy, getDeploy, listDeploys, reconcileDeploys } from './deploys';
import { localImage, planSwitch, runSwitch } from './switch-image';

export type RollbackRunner = { describe: string; run: (ctx: JobContext) => Promise<void> };

/** The deploy a default rollback goes back to: the latest one on another image than what runs now. */
export function previousDeploy(svc: DockerService): Deploy | null {
  const current = currentVersion(svc);
  return listDeploys(svc.id).find((d) => d.imageId !== current?.imageId) ?? null;
}

/**
 * Checks a rollback before anything changes (unknown deploy, image gone from the host, nothing to
 * roll back to: 4xx) and returns what the job will run.
 */
export async function planRollback(
  svc: DockerService,
  deployId: string | undefined,
  timeoutSeconds: number,
): Promise<RollbackRunner> {
  const docker = engine(svc.host);
  if (svc.kind === 'swarm') {
    if (deployId) throw badRequest('swarm services roll back to their previous spec only; omit deployId');
    const swarmId = svc.swarm?.serviceId;
    if (!swarmId) throw badRequest('swarm service without its swarm id');
    return {
      describe: "the engine's rollback to the previous spec",
      run: (ctx) => swarmRollback(docker, swarmId, ctx, timeoutSeconds * 1000 * Math.max(svc.desired, 1)),
    };
  }
  reconcileDeploys(svc);
  const target = deployId ? getDeploy(svc.id, deployId) : previousDeploy(svc);
  if (!target) {
    if (deployId) throw notFound(`No deploy "${deployId}" for ${svc.stack}/${svc.name}`);
    throw badRequest(`${svc.stack}/${svc.name} has no earlier deploy on another image to roll back to`);
  }
  const byRef = await localImage(docker, target.image);
  const byId = byRef?.id === target.imageId ? byRef : await localImage(docker, target.imageId);
  if (!byId)
    throw badRequest(
      `The image of deploy ${target.id} (${target.image}, ${target.imageId.slice(0, 19)}) is no longer on the host`,
    );
  const image = byRef?.id === target.imageId ? target.image : target.imageId;
  const plan = await planSwitch(svc, image, target.imageId, timeoutSeconds);
  return {
    describe: `${plan.strategy} rollback to ${image}`,
    run: (ctx) => runSwitch(plan, ctx, 'rollback'),
  };
}
