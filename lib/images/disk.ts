import { dockerHosts } from '@/lib/docker/client';
import { engine } from '@/lib/docker/engine';
import type { SystemDf } from '@/lib/docker/engine-types';
import { notFound } from '@/lib/errors';
import type { DiskUsage } from './schemas';

/** The engine a `?host=` names (default the first configured); 404 for an unknown one. */
export function hostNamed(host: string | undefined): string {
  const hosts = dockerHosts();
  const found = host ? hosts.find((h) => h.name === host) : hosts[0];
  if (!found) throw notFound(`no Docker host named "${host}"`);
  return found.name;
}

const size = (n: number | undefined | null) => (typeof n === 'number' && n > 0 ? n : 0);

/** Disk use of one engine from `GET /system/df`, summed the way `docker system df` does. */
export function summarise(host: string, df: SystemDf): DiskUsage {
  const images = df.Images ?? [];
  const containers = df.Containers ?? [];
  const volumes = df.Volumes ?? [];
  const cache = df.BuildCache ?? [];
  return {
    host,
    images: {
      count: images.length,
      // layers shared by several images count once
      size: size(df.LayersSize) || images.reduce((a, i) => a + size(i.Size), 0),
      reclaimable: images
        .filter((i) => i.Containers === 0)
        .reduce((a, i) => a + size(i.Size) - size(i.SharedSize), 0),
    },
    containers: {
      count: containers.length,
      size: containers.reduce((a, c) => a + size(c.SizeRw), 0),
      reclaimable: containers.filter((c) => c.State !== 'running').reduce((a, c) => a + size(c.SizeRw), 0),
    },
    volumes: {
      count: volumes.length,
      size: volumes.reduce((a, v) => a + size(v.UsageData?.Size), 0),
      reclaimable: volumes
        .filter((v) => v.UsageData?.RefCount === 0)
        .reduce((a, v) => a + size(v.UsageData?.Size), 0),
    },
    buildCache: {
      count: cache.length,
      size: cache.reduce((a, b) => a + size(b.Size), 0),
      reclaimable: cache.filter((b) => !b.InUse && !b.Shared).reduce((a, b) => a + size(b.Size), 0),
    },
    at: new Date().toISOString(),
  };
}

export async function diskUsage(hostName: string | undefined): Promise<DiskUsage> {
  const host = hostNamed(hostName);
  return summarise(host, await engine(host).systemDf());
}
