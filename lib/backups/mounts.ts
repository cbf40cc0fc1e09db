import type { Engine } from '@/lib/docker/engine';
import { OPSDECK } from '@/lib/docker/labels';
import { inspectReplicas } from '@/lib/docker/replicas';
import type { DockerService } from '@/lib/docker/types';
import { badRequest } from '@/lib/errors';
import type { BackupPolicy } from './labels';

export interface BackupMount {
  type: 'volume' | 'bind';
  /** volume name or host path */
  source: string;
  /** where the service mounts it */
  destination: string;
}

export interface BackupTargets {
  mounts: BackupMount[];
  images: { container: string; image: string; imageId: string }[];
  /** the service's own image: helpers run it, so restore and verify see the same tools and uids */
  helperImage: string;
  /** a running container for the pre-command, if any */
  runningContainerId: string | null;
}

/** An anonymous volume (64 hex chars) belongs to one container's lifetime, not to the service. */
const ANONYMOUS = /^[0-9a-f]{64}$/;
/** Host sockets are not data. */
const NEVER = new Set(['/var/run/docker.sock', '/run/docker.sock']);

type InspectMount = { Type?: string; Name?: string; Source?: string; Destination?: string };

/** What a backup of the service copies: its named volumes and bind mounts, narrowed by the policy. */
export async function backupTargets(svc: DockerService, policy: BackupPolicy): Promise<BackupTargets> {
  const replicas = await inspectReplicas(svc);
  if (replicas.length === 0)
    throw badRequest('the service has no containers on this engine to read mounts from');
  const first = replicas.find((r) => r.State.Running) ?? replicas[0];
  if (!first) throw badRequest('the service has no containers');
  const mounts: BackupMount[] = [];
  const seen = new Set<string>();
  const skippedBinds = new Set<string>();
  for (const info of replicas) {
    for (const m of (info.Mounts ?? []) as InspectMount[]) {
      const mount = toBackupMount(m);
      if (!mount) continue;
      if (mount.type === 'bind' && !policy.binds) {
        skippedBinds.add(mount.destination);
        continue;
      }
      if (policy.paths && !policy.paths.includes(mount.destination)) continue;
      const key = `${mount.type}:${mount.source}`;
      if (seen.has(key)) continue;
      seen.add(key);
      mounts.push(mount);
    }
  }
  if (mounts.length === 0)
    throw badRequest(
      policy.paths
        ? `none of the service's mounts is at ${policy.paths.join(', ')} (opsdeck.backup.paths)`
        : skippedBinds.size > 0
          ? `the service has only host bind mounts (${[...skippedBinds].join(', ')}); label it ${OPSDECK.backupBinds}=true to back them up`
          : 'the service has no named volumes or bind mounts to back up',
    );
  return {
    mounts,
    images: replicas.map((r) => ({
      container: r.Name.replace(/^\//, ''),
      image: r.Config.Image,
      imageId: r.Image,
    })),
    helperImage: first.Image,
    runningContainerId: replicas.find((r) => r.State.Running)?.Id ?? null,
  };
}

function toBackupMount(m: InspectMount): BackupMount | null {
  const destination = m.Destination?.replace(/\/+$/, '') || '/';
  if (m.Type === 'volume' && m.Name && !ANONYMOUS.test(m.Name))
    return { type: 'volume', source: m.Name, destination };
  if (m.Type === 'bind' && m.Source && !NEVER.has(m.Source))
    return { type: 'bind', source: m.Source, destination };
  return null;
}

/** A volume that vanished would be silently re-created empty by a helper mounting it: refuse instead. */
export async function assertMountExists(docker: Engine, mount: BackupMount): Promise<void> {
  if (mount.type !== 'volume') return;
  try {
    await docker.inspectVolume(mount.source);
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404)
      throw new Error(`volume ${mount.source} no longer exists`);
    throw err;
  }
}
