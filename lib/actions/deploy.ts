import { engine } from '@/lib/docker/engine';
import type { DockerService } from '@/lib/docker/types';
import { badRequest } from '@/lib/errors';
import type { JobContext } from '@/lib/jobs/engine';
import { reconcileDeploys } from './deploys';
import { localImage, planSwitch, runSwitch } from './switch-image';

/**
 * A gated deploy of a compose service to an image already on its host: the same gate as a rollback,
 * and an automatic rollback to what ran before when the gate fails.
 */
export async function planDeploy(
  svc: DockerService,
  image: string,
  timeoutSeconds: number,
): Promise<(ctx: JobContext) => Promise<void>> {
  if (svc.kind === 'swarm')
    throw badRequest(
      'for swarm services use `docker service update --image`; gated deploys are for compose services',
    );
  const found = await localImage(engine(svc.host), image);
  if (!found) throw badRequest(`Image "${image}" does not exist on host ${svc.host}: build or pull it first`);
  reconcileDeploys(svc);
  const plan = await planSwitch(svc, image, found.id, timeoutSeconds);
  return (ctx) => runSwitch(plan, ctx, 'deploy');
}
