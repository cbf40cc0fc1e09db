import { engine } from '@/lib/docker/engine';
import type { DockerService } from '@/lib/docker/types';
import { badRequest, forbidden } from '@/lib/errors';
import type { JobContext } from '@/lib/jobs/engine';
import { reconcileDeploys } from './deploys';
import { repositoryOf, sameRepository } from './image-repository';
import { localImage, planSwitch, runSwitch } from './switch-image';

/**
 * A gated deploy of a compose service to an image already on its host: the same gate as a rollback,
 * and an automatic rollback to what ran before when the gate fails. The image must be of the
 * service's repository unless an admin sets `allowOtherRepository`.
 */
export async function planDeploy(
  svc: DockerService,
  opts: { image: string; timeoutSeconds: number; allowOtherRepository: boolean; byAdmin: boolean },
): Promise<(ctx: JobContext) => Promise<void>> {
  const { image, timeoutSeconds } = opts;
  if (opts.allowOtherRepository && !opts.byAdmin)
    throw forbidden('allowOtherRepository: only an admin may deploy an image of another repository');
  if (svc.kind === 'swarm')
    throw badRequest(
      'for swarm services use `docker service update --image`; gated deploys are for compose services',
    );
  const found = await localImage(engine(svc.host), image);
  if (!found) throw badRequest(`Image "${image}" does not exist on host ${svc.host}: build or pull it first`);
  if (!opts.allowOtherRepository && !sameRepository(svc.image, image, found.repoTags))
    throw forbidden(
      `"${image}" is not of the service's repository ${repositoryOf(svc.image)}: an admin may deploy it with allowOtherRepository: true`,
    );
  reconcileDeploys(svc);
  const plan = await planSwitch(svc, image, found.id, timeoutSeconds);
  return (ctx) => runSwitch(plan, ctx, 'deploy');
}
