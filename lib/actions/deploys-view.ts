import { whyNotCloneable } from '@/lib/docker/compose';
import { inspectReplicas } from '@/lib/docker/replicas';
import type { DockerService } from '@/lib/docker/types';
import { hasHealthcheck } from '@/lib/docker/wait';
import { currentVersion, listDeploys, reconcileDeploys } from './deploys';
import { describeGate } from './gate';
import { previousDeploy } from './rollback';
import type { DeploysView } from './schemas';

/** The deploy history (caught up with the engine first) and how a rollback would go. */
export async function deploysView(svc: DockerService, limit: number): Promise<DeploysView> {
  reconcileDeploys(svc);
  const current = currentVersion(svc);
  const previous = svc.kind === 'swarm' ? null : previousDeploy(svc);
  let rollback: DeploysView['rollback'];
  if (svc.kind === 'swarm') {
    rollback = {
      strategy: 'swarm',
      reason: null,
      gate: ["the engine's own rollback to the previous spec, with the service's rollback config"],
    };
  } else {
    const first = (await inspectReplicas(svc)).find((r) => r.State.Running);
    const reason = first ? whyNotCloneable(first) : null;
    const healthcheck = first ? hasHealthcheck(first) : null;
    rollback = {
      strategy: reason ? 'stop-first' : 'blue-green',
      reason,
      gate: describeGate(svc.labels, healthcheck),
    };
  }
  return {
    deploys: listDeploys(svc.id, limit),
    current: current
      ? { image: current.image, imageId: current.imageId, configHash: current.configHash }
      : null,
    previousId: previous?.id ?? null,
    rollback,
  };
}
