import { randomUUID } from 'node:crypto';
import { engine } from '@/lib/docker/engine';
import type { EngineEvent } from '@/lib/docker/host-watcher';
import { inventory } from '@/lib/docker/inventory';
import { COMPOSE } from '@/lib/docker/labels';
import type { ContainerInfo, DockerService } from '@/lib/docker/types';
import { logger } from '@/lib/log/logger';
import { recordIncident } from '@/lib/services/incidents';
import { serviceIdOfEvent } from '@/lib/services/timeline';
import { actionsDb } from './schema';
import type { Deploy } from './schemas';

export type { Deploy };

interface DeployRow {
  id: string;
  service_id: string;
  image: string;
  image_id: string;
  config_hash: string | null;
  container_id: string | null;
  actor: string | null;
  job_id: string | null;
  at: string;
}

const toDeploy = (r: DeployRow): Deploy => ({
  id: r.id,
  serviceId: r.service_id,
  image: r.image,
  imageId: r.image_id,
  configHash: r.config_hash,
  containerId: r.container_id,
  actor: r.actor,
  jobId: r.job_id,
  at: r.at,
});

/** Newest first: by insertion, so a deploy noticed late still lands after what it replaced. */
export function listDeploys(serviceId: string, limit = 100): Deploy[] {
  const rows = actionsDb()
    .prepare('SELECT * FROM deploys WHERE service_id = ? ORDER BY rowid DESC LIMIT ?')
    .all(serviceId, limit) as DeployRow[];
  return rows.map(toDeploy);
}

export function getDeploy(serviceId: string, id: string): Deploy | null {
  const row = actionsDb()
    .prepare('SELECT * FROM deploys WHERE service_id = ? AND id = ?')
    .get(serviceId, id) as DeployRow | undefined;
  return row ? toDeploy(row) : null;
}

/**
 * Records a deploy when the image or config differs from the last one recorded. When the same
 * version was just recorded from the engine event, attributes it to the Opsdeck actor instead.
 */
export function recordDeploy(d: Omit<Deploy, 'id'>): Deploy | null {
  const conn = actionsDb();
  return conn
    .transaction(() => {
      const last = listDeploys(d.serviceId, 1)[0];
      if (last && last.imageId === d.imageId && last.configHash === d.configHash) {
        if (d.actor && !last.actor)
          conn
            .prepare('UPDATE deploys SET actor = ?, job_id = ? WHERE id = ?')
            .run(d.actor, d.jobId, last.id);
        return null;
      }
      const deploy: Deploy = { ...d, id: `d_${randomUUID().replace(/-/g, '').slice(0, 16)}` };
      conn
        .prepare(
          `INSERT INTO deploys (id, service_id, image, image_id, config_hash, container_id, actor, job_id, at)
           VALUES (@id, @serviceId, @image, @imageId, @configHash, @containerId, @actor, @jobId, @at)`,
        )
        .run(deploy);
      // the version change itself on the story, whoever made it (Opsdeck or a `docker compose up`)
      try {
        recordIncident({
          serviceId: deploy.serviceId,
          kind: 'deploy',
          summary: `now runs ${deploy.image}${deploy.actor ? ` (deployed by ${deploy.actor})` : ' (changed on the engine)'}`,
          attributes: {
            image: deploy.image,
            imageId: deploy.imageId,
            actor: deploy.actor,
            deployId: deploy.id,
          },
          at: deploy.at,
          dedupeKey: `deploy:${deploy.id}`,
        });
      } catch (err) {
        // the deploy row is what matters here; the story misses one line
        logger().error({ err, serviceId: deploy.serviceId }, 'could not record the deploy on the timeline');
      }
      return deploy;
    })
    .immediate();
}

/** A failed switch removed these containers again: they were never a deploy. */
export function forgetDeploysOfContainers(serviceId: string, containerIds: string[]): void {
  const stmt = actionsDb().prepare('DELETE FROM deploys WHERE service_id = ? AND container_id = ?');
  for (const id of containerIds) stmt.run(serviceId, id);
}

/** The version running now: the newest running container's (or newest at all). */
export function currentVersion(svc: DockerService): ContainerInfo | null {
  const byNewest = [...svc.containers].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return byNewest.find((c) => c.state === 'running') ?? byNewest[0] ?? null;
}

/** Catches up on deploys made while Opsdeck was not watching. */
export function reconcileDeploys(svc: DockerService): void {
  const current = currentVersion(svc);
  if (!current?.imageId) return;
  recordDeploy({
    serviceId: svc.id,
    image: current.image,
    imageId: current.imageId,
    configHash: current.configHash,
    containerId: current.id,
    actor: null,
    jobId: null,
    at: current.createdAt,
  });
}

async function onEngineEvent(e: EngineEvent): Promise<void> {
  if (e.action !== 'create') return;
  const serviceId = serviceIdOfEvent(e);
  if (!serviceId) return;
  const info = await engine(e.host).container(e.containerId).inspect();
  recordDeploy({
    serviceId,
    image: info.Config.Image,
    imageId: info.Image,
    configHash: info.Config.Labels?.[COMPOSE.configHash] ?? null,
    containerId: info.Id,
    actor: null,
    jobId: null,
    at: e.at,
  });
}

const holder = globalThis as unknown as { __opsdeckDeployRecorder?: (e: EngineEvent) => void };

/** Records deploys as they happen, from container create events. */
export function startDeployRecorder(): void {
  if (holder.__opsdeckDeployRecorder) return;
  const listener = (e: EngineEvent) => {
    onEngineEvent(e).catch((err) =>
      logger().debug({ err, containerId: e.containerId }, 'deploy not recorded'),
    );
  };
  holder.__opsdeckDeployRecorder = listener;
  inventory().on('engineEvent', listener);
}

export function stopDeployRecorder(): void {
  const listener = holder.__opsdeckDeployRecorder;
  if (listener) inventory().off('engineEvent', listener);
  holder.__opsdeckDeployRecorder = undefined;
}
