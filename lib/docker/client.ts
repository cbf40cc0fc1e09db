import Docker from 'dockerode';
import { env } from '@/lib/config/env';
import { matchEngineCall } from './engine-calls';

export interface DockerHost {
  name: string;
  url: string;
}

const DEFAULT_SOCKET = 'unix:///var/run/docker.sock';

/** The configured engines: `OPSDECK_DOCKER_HOSTS=name=url,…`, else DOCKER_HOST as `local`. */
export function dockerHosts(): DockerHost[] {
  const list = env().OPSDECK_DOCKER_HOSTS;
  if (list?.trim()) {
    return list
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((entry) => {
        const eq = entry.indexOf('=');
        if (eq <= 0) throw new Error(`OPSDECK_DOCKER_HOSTS: "${entry}" is not name=url`);
        return { name: entry.slice(0, eq), url: entry.slice(eq + 1) };
      });
  }
  return [{ name: 'local', url: env().DOCKER_HOST || DEFAULT_SOCKET }];
}

export function dockerOptions(url: string): Docker.DockerOptions {
  if (url.startsWith('unix://')) return { socketPath: url.slice('unix://'.length) };
  if (url.startsWith('/')) return { socketPath: url };
  const u = new URL(url.replace(/^tcp:/, 'http:'));
  return {
    host: u.hostname,
    port: Number(u.port || (u.protocol === 'https:' ? 2376 : 2375)),
    protocol: u.protocol === 'https:' ? 'https' : 'http',
  };
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
  let docker = holder.__opsdeckDocker.get(entry.name);
  if (!docker) {
    docker = dockerClientAt(entry.url);
    holder.__opsdeckDocker.set(entry.name, docker);
  }
  return { name: entry.name, docker };
}

/** A dockerode for `url` that sends only the requests listed in ENGINE_CALLS. */
export function dockerClientAt(url: string): Docker {
  const docker = new Docker(dockerOptions(url));
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
