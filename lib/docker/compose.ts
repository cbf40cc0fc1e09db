import type { ContainerCreateOptions, ContainerInspect } from './engine-types';
import { COMPOSE, OPSDECK } from './labels';

/** Mount destinations (comma-separated, or `*` for every bind mount) that only one container may use. */
export const EXCLUSIVE_MOUNTS_LABEL = OPSDECK.mountsExclusive;

export const containerName = (info: ContainerInspect) => info.Name.replace(/^\//, '');

/**
 * The name compose would give replica `n`, in the form the existing replicas use: docker-compose
 * v1 names them `<project>_<service>_<n>`, v2 `<project>-<service>-<n>`.
 */
export function replicaName(project: string, service: string, n: number, existingNames: string[]): string {
  const v1 = existingNames.some((name) => name.startsWith(`${project}_${service}_`));
  return v1 ? `${project}_${service}_${n}` : `${project}-${service}-${n}`;
}

/** The lowest `count` numbers not in use, ascending. */
export function nextFreeNumbers(used: Iterable<number>, count: number): number[] {
  const taken = new Set(used);
  const out: number[] = [];
  for (let n = 1; out.length < count; n++) if (!taken.has(n)) out.push(n);
  return out;
}

/** Ports a host-network container listens on, as far as its configuration tells. */
export function declaredListeningPorts(info: ContainerInspect): number[] {
  const ports = new Set<number>();
  for (const key of Object.keys(info.Config.ExposedPorts ?? {})) {
    const n = Number(key.split('/')[0]);
    if (n > 0) ports.add(n);
  }
  const labels = info.Config.Labels ?? {};
  const ready = labels[OPSDECK.readyUrl];
  if (ready) {
    try {
      const u = new URL(ready);
      ports.add(Number(u.port || (u.protocol === 'https:' ? 443 : 80)));
    } catch {
      // an unparseable URL declares no port; the gate reports it
    }
  }
  for (const v of [labels[OPSDECK.port], envValue(info, 'PORT')]) {
    const n = Number(v);
    if (Number.isInteger(n) && n > 0) ports.add(n);
  }
  return [...ports].sort((a, b) => a - b);
}

function envValue(info: ContainerInspect, key: string): string | undefined {
  const line = (info.Config.Env ?? []).find((e) => e.startsWith(`${key}=`));
  return line?.slice(key.length + 1);
}

/**
 * Why a second copy of this container cannot run beside it (null when it can): a fixed host port,
 * a listening port on the host network, a fixed container_name, an exclusive bind mount.
 */
export function whyNotCloneable(info: ContainerInspect): string | null {
  const labels = info.Config.Labels ?? {};
  const project = labels[COMPOSE.project] ?? '';
  const service = labels[COMPOSE.service] ?? '';
  const number = labels[COMPOSE.number] ?? '';
  const name = containerName(info);
  if (name !== `${project}_${service}_${number}` && name !== `${project}-${service}-${number}`)
    return `it has a fixed container_name ("${name}"), so a second copy would clash`;
  const portBindings = (info.HostConfig.PortBindings ?? {}) as Record<string, { HostPort?: string }[] | null>;
  const fixed = Object.entries(portBindings).flatMap(([port, bindings]) =>
    (bindings ?? []).filter((b) => b.HostPort && b.HostPort !== '0').map((b) => `${b.HostPort}->${port}`),
  );
  if (fixed.length > 0)
    return `it publishes fixed host ports (${fixed.join(', ')}) that a second copy would clash on`;
  if (info.HostConfig.NetworkMode === 'host') {
    const ports = declaredListeningPorts(info);
    if (ports.length > 0)
      return `it uses network_mode: host and listens on port ${ports.join(', ')}, which a second copy would clash on`;
  }
  const exclusive = (labels[EXCLUSIVE_MOUNTS_LABEL] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (exclusive.length > 0) {
    const binds = (info.Mounts ?? []).filter((m) => m.Type === 'bind');
    const clash = binds.filter((m) => exclusive.includes('*') || exclusive.includes(m.Destination));
    if (clash.length > 0)
      return `its bind mount ${clash.map((m) => m.Destination).join(', ')} is marked exclusive (${EXCLUSIVE_MOUNTS_LABEL})`;
  }
  return null;
}

/**
 * The create options for a copy of a compose container: same configuration and labels (config hash
 * kept, so compose recognises it as up to date), a new number and name, optionally another image.
 */
export function cloneOptions(
  info: ContainerInspect,
  opts: { name: string; number: number; image?: string },
): ContainerCreateOptions {
  const labels: Record<string, string> = {
    ...(info.Config.Labels ?? {}),
    [COMPOSE.number]: String(opts.number),
    [COMPOSE.oneoff]: 'False',
  };
  const config = { ...info.Config } as ContainerCreateOptions & { Hostname?: string };
  // The source's hostname is its own short id; let the engine give the copy its own.
  const ownHostname = info.Config.Hostname && info.Id.startsWith(info.Config.Hostname);
  const networkMode = info.HostConfig.NetworkMode ?? 'default';
  const endpoints: Record<string, { Aliases?: string[] }> = {};
  const firstNetwork = Object.keys(info.NetworkSettings.Networks ?? {})[0];
  if (
    firstNetwork &&
    !['host', 'none', 'default', 'bridge'].includes(networkMode) &&
    !networkMode.startsWith('container:')
  ) {
    const service = labels[COMPOSE.service];
    endpoints[networkMode in (info.NetworkSettings.Networks ?? {}) ? networkMode : firstNetwork] = {
      Aliases: service ? [service] : [],
    };
  }
  return {
    ...config,
    Hostname: ownHostname ? '' : info.Config.Hostname,
    Image: opts.image ?? info.Config.Image,
    Labels: labels,
    name: opts.name,
    HostConfig: info.HostConfig,
    NetworkingConfig: Object.keys(endpoints).length > 0 ? { EndpointsConfig: endpoints } : undefined,
  };
}

/** Other networks the source is attached to beyond the first (connected after create). */
export function extraNetworks(info: ContainerInspect): { name: string; aliases: string[] }[] {
  const nets = Object.entries(info.NetworkSettings.Networks ?? {});
  const mode = info.HostConfig.NetworkMode ?? '';
  if (['host', 'none'].includes(mode) || nets.length <= 1) return [];
  const service = info.Config.Labels?.[COMPOSE.service];
  return nets
    .filter(([name]) => name !== mode)
    .map(([name]) => ({ name, aliases: service ? [service] : [] }));
}

/** Stop timeout compose would use: the container's own, else 10 s. */
export function stopTimeoutSeconds(info: ContainerInspect): number {
  const t = (info.Config as { StopTimeout?: number }).StopTimeout;
  return typeof t === 'number' && t >= 0 ? t : 10;
}

interface ImageConfig {
  Env?: string[] | null;
  Cmd?: string[] | null;
  Entrypoint?: string[] | string | null;
  Healthcheck?: unknown;
  WorkingDir?: string;
  User?: string;
  ExposedPorts?: Record<string, object> | null;
  StopSignal?: string;
  Labels?: Record<string, string> | null;
  Volumes?: Record<string, object> | null;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * A container's Config merges its image's defaults in. Moving it to another image must drop what
 * came from the old image (Env, Cmd, HEALTHCHECK, labels…), so the new image's own defaults apply —
 * otherwise a v3 container would run v1's healthcheck and pass a gate it should fail.
 */
export function withoutImageDefaults(
  options: ContainerCreateOptions,
  oldImage: ImageConfig,
): ContainerCreateOptions {
  const out = { ...options } as ContainerCreateOptions & Record<string, unknown>;
  const imageEnv = new Set(oldImage.Env ?? []);
  out.Env = (options.Env ?? []).filter((e) => !imageEnv.has(e));
  for (const key of [
    'Cmd',
    'Entrypoint',
    'Healthcheck',
    'WorkingDir',
    'User',
    'ExposedPorts',
    'StopSignal',
    'Volumes',
  ] as const) {
    if (key in out && same(out[key], oldImage[key])) delete out[key];
  }
  const imageLabels = oldImage.Labels ?? {};
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(options.Labels ?? {})) {
    if (k.startsWith(COMPOSE.prefix) || imageLabels[k] !== v) labels[k] = v;
  }
  out.Labels = labels;
  return out;
}
