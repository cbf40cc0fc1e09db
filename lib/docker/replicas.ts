import type Docker from 'dockerode';
import { dockerClient } from '@/lib/docker/client';
import type { DockerService } from '@/lib/docker/types';
import { COMPOSE } from './compose';

/** The service's containers straight from the engine (the inventory may lag an action by a moment). */
export async function inspectReplicas(svc: DockerService): Promise<Docker.ContainerInspectInfo[]> {
  const docker = dockerClient(svc.host);
  if (svc.kind === 'compose') {
    const list = await docker.listContainers({
      all: true,
      filters: { label: [`${COMPOSE.project}=${svc.stack}`, `${COMPOSE.service}=${svc.name}`] },
    });
    const infos = await Promise.all(
      list.map((c) =>
        docker
          .getContainer(c.Id)
          .inspect()
          .catch(() => null),
      ),
    );
    return infos
      .filter((i): i is Docker.ContainerInspectInfo => i !== null)
      .filter((i) => (i.Config.Labels?.[COMPOSE.oneoff] ?? 'False').toLowerCase() !== 'true')
      .sort((a, b) => replicaNumber(a) - replicaNumber(b));
  }
  const infos = await Promise.all(
    svc.containers.map((c) =>
      docker
        .getContainer(c.id)
        .inspect()
        .catch(() => null),
    ),
  );
  return infos.filter((i): i is Docker.ContainerInspectInfo => i !== null);
}

export function replicaNumber(info: Docker.ContainerInspectInfo): number {
  const n = Number(info.Config.Labels?.[COMPOSE.number]);
  return Number.isInteger(n) ? n : 0;
}
