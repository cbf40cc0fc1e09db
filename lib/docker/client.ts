import Docker from 'dockerode';
import { env } from '@/lib/config/env';
import { matchEngineCall } from './engine-calls';
import { type DockerHost, hostOptions, parseDockerHosts } from './hosts-config';

export type { DockerHost } from './hosts-config';

const cache = globalThis as unknown as { __opsdeckHosts?: { key: string; hosts: DockerHost[] } };

/**
 * The configured engines (lib/docker/hosts-config.ts): `OPSDECK_DOCKER_HOSTS=name=url,…`, else
 * DOCKER_HOST as `local`. Checked once per configuration; a bad one throws a ConfigError (boot stops).
 */
export function dockerHosts(): DockerHost[] {
  const e = env();
  const source = {
    OPSDECK_DOCKER_HOSTS: e.OPSDECK_DOCKER_HOSTS,
    DOCKER_HOST: e.DOCKER_HOST,
    OPSDECK_DOCKER_CERTS_DIR: e.OPSDECK_DOCKER_CERTS_DIR,
    SSH_AUTH_SOCK: process.env.SSH_AUTH_SOCK,
  };
  const key = JSON.stringify(source);
  if (cache.__opsdeckHosts?.key !== key) cache.__opsdeckHosts = { key, hosts: parseDockerHosts(source) };
  return cache.__opsdeckHosts.hosts;
}

/** dockerode options for a bare address (no per-host credentials): tests and tools. */
export function dockerOptions(url: string): Docker.DockerOptions {
  return hostOptions({ name: 'address', url });
}

const holder = globalThis as unknown as { __opsdeckDocker?: Map<string, Docker> };

/**
 * One dockerode per host, created lazily and cached on globalThis so dev reloads don't leak sockets.
 * Only lib/docker/engine.ts uses it: everything else goes through `engine(host)`.
 */
export function dockerClient(host?: string): { name: string; docker: Docker } {
  holder.__opsdeckDocker ??= new Map();
  const hosts = dockerHosts();
  const entry = host ? hosts.find((h) => h.name === host) : hosts[0];
  if (!entry) throw new Error(`unknown Docker host "${host}"`);
  // keyed by address too: a changed configuration (tests) must not reuse another engine's client
  const key = `${entry.name}\u0000${entry.url}`;
  let docker = holder.__opsdeckDocker.get(key);
  if (!docker) {
    docker = dockerClientAt(entry);
    holder.__opsdeckDocker.set(key, docker);
  }
  return { name: entry.name, docker };
}

/** A dockerode for `url` (or a host with its credentials) that sends only the requests listed in ENGINE_CALLS. */
export function dockerClientAt(target: string | DockerHost): Docker {
  const docker = new Docker(
    hostOptions(typeof target === 'string' ? { name: 'address', url: target } : target),
  );
  allowListed(docker.modem as unknown as Dialer);
  return docker;
}

interface Dialer {
  dial(
    options: { method?: string; path?: string },
    callback: (err: Error | null, data?: unknown) => void,
  ): void;
}

/**
 * Every dockerode request passes through `modem.dial`: one not in ENGINE_CALLS fails before it
 * reaches the engine, so a new call has to be added to the list (and to a proxy's allow-list) first.
 */
function allowListed(modem: Dialer): void {
  const dial = modem.dial.bind(modem);
  modem.dial = (options, callback) => {
    const method = options.method ?? 'GET';
    const path = options.path ?? '';
    if (!matchEngineCall(method, path)) {
      callback(new Error(`engine call ${method} ${path.split('?')[0]} is not in lib/docker/engine-calls.ts`));
      return;
    }
    dial(options, callback);
  };
}
