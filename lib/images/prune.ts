import { engine } from '@/lib/docker/engine';
import type { SystemDf } from '@/lib/docker/engine-types';
import { errorText } from '@/lib/docker/wait';
import { hostNamed } from './disk';
import type { PrunePreview, PruneResult } from './schemas';

/** Networks the engine owns: never candidates. */
const BUILT_IN = new Set(['bridge', 'host', 'none', 'docker_gwbridge', 'ingress']);
/**
 * The labels that mark Opsdeck's own objects: its and its proxy's containers (`opsdeck.role`), backup
 * helpers, throwaway verify volumes, its own image (scripts/image.sh). Not any `opsdeck.` label:
 * services carry `opsdeck.queue` and the like, and images inherit their base image's labels.
 */
const OWN_LABELS = ['opsdeck.role', 'opsdeck.helper', 'opsdeck.throwaway', 'opsdeck.image.hash'];
const isOpsdecks = (labels: Record<string, string> | null | undefined) =>
  OWN_LABELS.some((k) => k in (labels ?? {}));
const ANONYMOUS = /^[0-9a-f]{64}$/;
const realTags = (tags: string[] | null | undefined) => (tags ?? []).filter((t) => t !== '<none>:<none>');

interface Snapshot {
  preview: PrunePreview;
  /**
   * image id → the references to remove it by: its tags, else its `repo@digest` references. An image
   * with two of them cannot be removed by id unforced; removing each reference removes the image
   * with the last one.
   */
  imageRefs: Map<string, string[]>;
}

/**
 * What a prune may remove on one engine, read fresh: images no container (running or stopped) was
 * created from, networks no container is on (built-in and swarm-scoped ones never), volumes no
 * container mounts (named ones flagged: the UI never pre-selects them); nothing of Opsdeck's own.
 */
async function snapshot(host: string): Promise<Snapshot> {
  const docker = engine(host);
  const [containers, networks, df] = await Promise.all([
    docker.listContainers({ all: true }),
    docker.listNetworks(),
    docker.systemDf() as Promise<SystemDf>,
  ]);
  const usedImages = new Set(containers.map((c) => c.ImageID));
  const usedNetworks = new Set<string>();
  for (const c of containers)
    for (const [name, n] of Object.entries(c.NetworkSettings?.Networks ?? {})) {
      usedNetworks.add(name);
      if (n?.NetworkID) usedNetworks.add(n.NetworkID);
    }
  const kept = { images: 0, networks: 0, volumes: 0 };
  const imageRefs = new Map<string, string[]>();
  const images: PrunePreview['images'] = [];
  for (const img of df.Images ?? []) {
    if (usedImages.has(img.Id) || img.Containers > 0 || isOpsdecks(img.Labels)) {
      kept.images++;
      continue;
    }
    const tags = realTags(img.RepoTags);
    const digests = (img.RepoDigests ?? []).filter((d) => !d.startsWith('<none>'));
    imageRefs.set(img.Id, tags.length > 0 ? tags : digests);
    images.push({
      id: img.Id,
      tags,
      dangling: tags.length === 0,
      size: Math.max(0, img.Size),
      created: new Date(img.Created * 1000).toISOString(),
    });
  }
  const nets: PrunePreview['networks'] = [];
  for (const n of networks) {
    if (
      BUILT_IN.has(n.Name) ||
      n.Scope === 'swarm' ||
      usedNetworks.has(n.Id) ||
      usedNetworks.has(n.Name) ||
      isOpsdecks(n.Labels)
    ) {
      kept.networks++;
      continue;
    }
    nets.push({ id: n.Id, name: n.Name, driver: n.Driver });
  }
  const volumes: PrunePreview['volumes'] = [];
  for (const v of df.Volumes ?? []) {
    // no usage data: the engine could not say whether a container uses it, so it stays
    if (v.UsageData?.RefCount !== 0 || isOpsdecks(v.Labels)) {
      kept.volumes++;
      continue;
    }
    const anonymous = ANONYMOUS.test(v.Name) || 'com.docker.volume.anonymous' in (v.Labels ?? {});
    volumes.push({ name: v.Name, named: !anonymous, driver: v.Driver, size: Math.max(0, v.UsageData.Size) });
  }
  return {
    preview: { host, images, networks: nets, volumes, kept, at: new Date().toISOString() },
    imageRefs,
  };
}

/** The dry run: what a prune would remove, and how much each frees. */
export async function prunePreview(hostName: string | undefined): Promise<PrunePreview> {
  return (await snapshot(hostNamed(hostName))).preview;
}

/**
 * Removes the chosen objects, each only if it is still a candidate now (a container may have
 * started on an image since the dry run): the rest are skipped with the reason. Never forced.
 */
export async function prune(
  hostName: string | undefined,
  chosen: { images: string[]; networks: string[]; volumes: string[] },
): Promise<PruneResult> {
  const host = hostNamed(hostName);
  const docker = engine(host);
  const { preview, imageRefs } = await snapshot(host);
  const results: PruneResult['results'] = [];
  const run = async (
    kind: 'image' | 'network' | 'volume',
    id: string,
    bytes: number | null,
    remove: () => Promise<void>,
  ) => {
    if (bytes === null) {
      results.push({ kind, id, outcome: 'skipped', reason: 'not unused now (or not found)', bytes: 0 });
      return;
    }
    try {
      await remove();
      results.push({ kind, id, outcome: 'removed', reason: null, bytes });
    } catch (err) {
      results.push({ kind, id, outcome: 'failed', reason: errorText(err), bytes: 0 });
    }
  };
  for (const id of new Set(chosen.images)) {
    const img = preview.images.find((i) => i.id === id || i.id === `sha256:${id}`);
    await run('image', id, img?.size ?? null, async () => {
      const refs = img ? (imageRefs.get(img.id) ?? []) : [];
      // each reference is removed by name; the last one (or the id, when there is none) deletes it
      if (refs.length === 0 && img) await docker.removeImage(img.id);
      for (const r of refs) await docker.removeImage(r);
    });
  }
  for (const id of new Set(chosen.networks)) {
    const n = preview.networks.find((x) => x.id === id || x.name === id);
    await run('network', id, n ? 0 : null, () => docker.removeNetwork(n?.id ?? id));
  }
  for (const name of new Set(chosen.volumes)) {
    const v = preview.volumes.find((x) => x.name === name);
    await run('volume', name, v?.size ?? null, () => docker.removeVolume(name));
  }
  return {
    host,
    results,
    reclaimedBytes: results.reduce((a, r) => a + (r.outcome === 'removed' ? r.bytes : 0), 0),
  };
}
