import { type ActionRequest, pullDeployService } from '@/lib/actions';
import type { DockerService } from '@/lib/docker/types';
import { badRequest } from '@/lib/errors';
import { getDockerService } from '@/lib/services';
import { checkImage, registerImageSource } from './checker';
import { credentialsFor } from './credentials';
import { parseReference } from './reference';
import type { ImageState } from './schemas';

/** `POST …/image-check`: asks the service's registry now (paced per registry) and keeps the answer. */
export async function checkServiceImage(serviceId: string): Promise<ImageState> {
  registerImageSource();
  const svc = await getDockerService(serviceId);
  return checkImage(svc, true);
}

/** The tag to pull for a service, with the registry credentials the engine should use. */
export function pullTargetOf(svc: DockerService) {
  const ref = parseReference(svc.image);
  if (!ref?.tag || ref.digest)
    throw badRequest(
      `${svc.stack}/${svc.name} runs ${svc.image}: pull and deploy needs an image named by a tag (not an id or a digest)`,
    );
  const creds = credentialsFor(ref);
  return {
    repository: ref.registry === 'docker.io' ? ref.name : `${ref.registry}/${ref.repository}`,
    tag: ref.tag,
    auth: creds ? { ...creds, serveraddress: ref.registry } : null,
  };
}

/** `POST …/pull-deploy`: a deploy job that pulls the tag first; the list re-checks the new image. */
export function pullAndDeploy(serviceId: string, body: { timeoutSeconds: number }, req: ActionRequest) {
  registerImageSource();
  return pullDeployService(serviceId, body, req, pullTargetOf);
}
