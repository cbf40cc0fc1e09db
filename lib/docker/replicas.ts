import { engine } from './engine';
import type { ContainerInspect } from './engine-types';
import { COMPOSE } from './labels';
import type { DockerService } from './types';

/** The service's containers straight from the engine (the inventory may lag an action by a moment). */
export async function inspectReplicas(svc: DockerService): Promise<ContainerInspect[]> {
  const docker = engine(svc.host);
  if (svc.kind === 'compose') {
    const list = await docker.listContainers({
      all: true,
      filters: { label: [`${COMPOSE.project}=${svc.stack}`, `${COMPOSE.service}=${svc.name}`] },
    });
    const infos = await Promise.all(
      list.map((c) =>
        docker
          .container(c.Id)
          .inspect()
          .catch(() => null),
      ),
    );
    return infos
      .filter((i): i is ContainerInspect => i !== null)
      .filter((i) => (i.Config.Labels?.[COMPOSE.oneoff] ?? 'False').toLowerCase() !== 'true')
      .sort((a, b) => replicaNumber(a) - replicaNumber(b));
  }
  const infos = await Promise.all(
    svc.containers.map((c) =>
      docker
        .container(c.id)
        .inspect()
        .catch(() => null),
    ),
  );
  return infos.filter((i): i is ContainerInspect => i !== null);
}

export function replicaNumber(info: ContainerInspect): number {
  const n = Number(info.Config.Labels?.[COMPOSE.number]);
  return Number.isInteger(n) ? n : 0;
}
