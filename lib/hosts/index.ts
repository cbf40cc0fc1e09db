import { dockerHosts } from '@/lib/docker/client';
import { redactUrl } from '@/lib/docker/hosts-config';
import type { SwarmSnapshot } from '@/lib/docker/swarm-state';
import type { DockerService } from '@/lib/docker/types';
import { listDockerServices } from '@/lib/services';
import { liveInventory } from '@/lib/services/runtime';
import type { Host, HostsAnswer } from './schemas';

/**
 * Every configured engine with what the inventory already knows of it: reachability and the last
 * good time from its HostWatcher (which reconnects with its own backoff), the version read at its
 * last connection, and counts over the services `visible` lets the caller see. Nothing here asks an
 * engine anything: the page costs no engine call.
 */
export async function listHosts(visible: (service: DockerService) => boolean): Promise<HostsAnswer> {
  const services = (await listDockerServices()).filter(visible);
  const configured = new Map(dockerHosts().map((h) => [h.name, h]));
  const inv = liveInventory();
  const hosts = inv.hosts().map(({ name, status, version }): Host => {
    const config = configured.get(name);
    const mine = services.filter((s) => s.host === name);
    const containers = mine.flatMap((s) => s.containers);
    const running = containers.filter((c) => c.state === 'running').length;
    return {
      name,
      url: config ? redactUrl(config.url) : '',
      transport: transportOf(config?.url ?? '', !!config?.tls),
      reachable: status.status === 'ok',
      status: status.status,
      lastGoodAt: status.lastOkAt,
      error: status.error ?? null,
      engineVersion: version?.version ?? null,
      apiVersion: version?.apiVersion ?? null,
      containers: { running, stopped: containers.length - running },
      services: mine.length,
      swarm: swarmOf(inv.swarmOf(name)),
    };
  });
  return { hosts };
}

/** The configured engines' names, in configuration order (the overview's host filter). */
export function hostNames(): string[] {
  return dockerHosts().map((h) => h.name);
}

function swarmOf(snap: SwarmSnapshot | null): Host['swarm'] {
  if (!snap) return null;
  return { nodes: snap.nodes.map((n) => ({ ...n })), readAt: snap.readAt };
}

function transportOf(url: string, tls: boolean): Host['transport'] {
  if (url.startsWith('ssh://')) return 'ssh';
  if (tls || url.startsWith('https://')) return 'tls';
  if (url.startsWith('tcp://') || url.startsWith('http://')) return 'tcp';
  return 'unix';
}
