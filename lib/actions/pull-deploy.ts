import { engine } from '@/lib/docker/engine';
import type { PullProgress, RegistryAuth } from '@/lib/docker/engine-types';
import type { DockerService } from '@/lib/docker/types';
import { errorText } from '@/lib/docker/wait';
import { badRequest } from '@/lib/errors';
import type { JobContext } from '@/lib/jobs/engine';
import { reconcileDeploys } from './deploys';
import { localImage, planSwitch, runSwitch } from './switch-image';

export interface PullTarget {
  /** the repository and tag the service runs (`127.0.0.1:5000/demo/app`, `1`) */
  repository: string;
  tag: string;
  auth: RegistryAuth | null;
}

/**
 * "Pull and deploy": pulls the newest image of the tag the service runs, then (when it differs
 * from what runs) the same health-gated deploy as `planDeploy`, rolling back on its own when the
 * gate fails. Checked before the job starts: a compose service whose image is a tag.
 */
export function planPullDeploy(
  svc: DockerService,
  target: PullTarget,
  timeoutSeconds: number,
): (ctx: JobContext) => Promise<void> {
  if (svc.kind !== 'compose')
    throw badRequest(
      `${svc.stack}/${svc.name} is a ${svc.kind} service: pull and deploy runs for compose services (swarm: docker service update --image)`,
    );
  const image = `${target.repository}:${target.tag}`;
  return async (ctx) => {
    const docker = engine(svc.host);
    ctx.step(`Pulling ${image} on ${svc.host}`);
    const layers = new Map<string, { current: number; total: number }>();
    let lastReport = 0;
    try {
      await docker.pullImage(target.repository, target.tag, target.auth, (line: PullProgress) => {
        if (line.id && line.progressDetail?.total)
          layers.set(line.id, {
            current: line.progressDetail.current ?? 0,
            total: line.progressDetail.total,
          });
        if (line.status?.startsWith('Digest:') || line.status?.startsWith('Status:')) ctx.step(line.status);
        const now = Date.now();
        if (now - lastReport < 500 || layers.size === 0) return;
        lastReport = now;
        let done = 0;
        let total = 0;
        for (const l of layers.values()) {
          done += l.current;
          total += l.total;
        }
        // the pull is the first half of the job's bar; the replacement of replicas the second
        ctx.progress(total > 0 ? (done / total) * 0.5 : 0, {
          done: Math.round(done / 1e6),
          total: Math.round(total / 1e6),
          unit: 'MB pulled',
        });
      });
    } catch (err) {
      throw new Error(`pull of ${image} failed: ${errorText(err)}`);
    }
    const found = await localImage(docker, image);
    if (!found) throw new Error(`${image} is not on ${svc.host} after the pull`);
    if (svc.containers.every((c) => c.imageId === found.id)) {
      ctx.step(`${svc.stack}/${svc.name} already runs the newest ${image} (${found.id.slice(0, 19)})`);
      return;
    }
    reconcileDeploys(svc);
    const plan = await planSwitch(svc, image, found.id, timeoutSeconds);
    await runSwitch(plan, ctx, 'deploy');
  };
}
