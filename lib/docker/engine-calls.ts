/**
 * Every Docker Engine API call Opsdeck makes, as data: the engine client (lib/docker/engine.ts)
 * refuses any request not listed here, so this list is also what a socket proxy in front of the
 * engine has to allow. Keep it free of imports: scripts and a proxy-config generator read it.
 *
 * Path patterns: `{x}` is one path segment (an id or a name); `{x*}` may span segments (image
 * references such as `ghcr.io/org/app:1`). Paths carry no API version prefix and no query.
 */

export interface EngineCall {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
  path: string;
  why: string;
}

export const ENGINE_CALLS = [
  {
    name: 'containers.list',
    method: 'GET',
    path: '/containers/json',
    why: 'inventory listing; a service’s replicas; leftover backup helpers',
  },
  {
    name: 'containers.create',
    method: 'POST',
    path: '/containers/create',
    why: 'a scaled-up or redeployed replica (clone); backup helper containers',
  },
  {
    name: 'container.inspect',
    method: 'GET',
    path: '/containers/{id}/json',
    why: 'inventory detail, health waits, action plans',
  },
  {
    name: 'container.start',
    method: 'POST',
    path: '/containers/{id}/start',
    why: 'new replicas, helpers, restarting a service stopped for a backup',
  },
  {
    name: 'container.stop',
    method: 'POST',
    path: '/containers/{id}/stop',
    why: 'scale down, stop-first deploys, consistent backups',
  },
  {
    name: 'container.restart',
    method: 'POST',
    path: '/containers/{id}/restart',
    why: 'rolling and single-container restarts',
  },
  { name: 'container.kill', method: 'POST', path: '/containers/{id}/kill', why: 'a cancelled backup helper' },
  {
    name: 'container.remove',
    method: 'DELETE',
    path: '/containers/{id}',
    why: 'scale down, a failed deploy’s new replica, helpers',
  },
  {
    name: 'container.wait',
    method: 'POST',
    path: '/containers/{id}/wait',
    why: 'a helper command’s exit code',
  },
  {
    name: 'container.logs',
    method: 'GET',
    path: '/containers/{id}/logs',
    why: 'the log viewer; a helper command’s output',
  },
  {
    name: 'container.stats',
    method: 'GET',
    path: '/containers/{id}/stats',
    why: 'CPU/memory/network/IO of the replicas on screen (a `stream=true` stream while someone looks)',
  },
  {
    name: 'container.archive.get',
    method: 'GET',
    path: '/containers/{id}/archive',
    why: 'backup: the tar of a helper’s mounted volume',
  },
  {
    name: 'container.archive.put',
    method: 'PUT',
    path: '/containers/{id}/archive',
    why: 'restore: a tar into a helper’s mounted volume',
  },
  {
    name: 'exec.create',
    method: 'POST',
    path: '/containers/{id}/exec',
    why: 'a backup’s pre-command, a one-shot command or a terminal in a running container',
  },
  {
    name: 'exec.start',
    method: 'POST',
    path: '/exec/{id}/start',
    why: 'run that command and read its output; a terminal’s attach (stdin too)',
  },
  {
    name: 'exec.resize',
    method: 'POST',
    path: '/exec/{id}/resize',
    why: 'a terminal’s size follows the browser window',
  },
  { name: 'exec.inspect', method: 'GET', path: '/exec/{id}/json', why: 'a command’s exit code' },
  {
    name: 'image.inspect',
    method: 'GET',
    path: '/images/{name*}/json',
    why: 'deploy/rollback targets, image defaults, backup helper image',
  },
  {
    name: 'images.create',
    method: 'POST',
    path: '/images/create',
    why: 'pull and deploy: the newer image of a tag a managed service runs (fromImage + tag only)',
  },
  {
    name: 'image.remove',
    method: 'DELETE',
    path: '/images/{name*}',
    why: 'prune: an unused image chosen from the dry-run list (never forced)',
  },
  {
    name: 'networks.list',
    method: 'GET',
    path: '/networks',
    why: 'prune: which networks no container is on',
  },
  {
    name: 'network.remove',
    method: 'DELETE',
    path: '/networks/{id}',
    why: 'prune: an unused network chosen from the dry-run list',
  },
  { name: 'system.df', method: 'GET', path: '/system/df', why: 'disk usage per host; volume use counts' },
  {
    name: 'network.connect',
    method: 'POST',
    path: '/networks/{id}/connect',
    why: 'a cloned replica joins the source’s extra networks',
  },
  {
    name: 'volume.inspect',
    method: 'GET',
    path: '/volumes/{name}',
    why: 'a backup’s volumes exist; a restore target name is free',
  },
  {
    name: 'volume.create',
    method: 'POST',
    path: '/volumes/create',
    why: 'restore into a new volume; throwaway volumes for verify',
  },
  {
    name: 'volume.remove',
    method: 'DELETE',
    path: '/volumes/{name}',
    why: 'throwaway volumes after verify; prune: an unused volume chosen from the dry-run list',
  },
  {
    name: 'volumes.list',
    method: 'GET',
    path: '/volumes',
    why: 'throwaway verify volumes left by an interrupted job, removed at boot',
  },
  {
    name: 'services.list',
    method: 'GET',
    path: '/services',
    why: 'inventory: swarm services (fails on a non-manager)',
  },
  {
    name: 'service.inspect',
    method: 'GET',
    path: '/services/{id}',
    why: 'swarm restart/scale/rollback and their progress',
  },
  {
    name: 'service.update',
    method: 'POST',
    path: '/services/{id}/update',
    why: 'swarm force-restart, scale and rollback',
  },
  {
    name: 'service.logs',
    method: 'GET',
    path: '/services/{id}/logs',
    why: 'a swarm service’s logs from every node, through the manager',
  },
  {
    name: 'tasks.list',
    method: 'GET',
    path: '/tasks',
    why: 'a swarm service’s tasks on every node: desired vs running, the engine’s task errors',
  },
  {
    name: 'nodes.list',
    method: 'GET',
    path: '/nodes',
    why: 'a swarm’s nodes: role, availability (active/pause/drain) and state; which node a task is on',
  },
  {
    name: 'version',
    method: 'GET',
    path: '/version',
    why: 'the hosts page: engine and API version, read once per (re)connection',
  },
  {
    name: 'events',
    method: 'GET',
    path: '/events',
    why: 'the inventory follows container and service events',
  },
] as const satisfies readonly EngineCall[];

export type EngineCallName = (typeof ENGINE_CALLS)[number]['name'];

/**
 * The list as the socket proxy reads it (deploy/socket-proxy/engine-calls.json, plain JSON for a
 * dependency-free Node program): written by deploy/socket-proxy/gen-engine-calls.mjs, checked for
 * staleness by engine-calls-json.test.ts.
 */
export function engineCallsJson() {
  return {
    $comment:
      'generated from lib/docker/engine-calls.ts by deploy/socket-proxy/gen-engine-calls.mjs: do not edit',
    calls: ENGINE_CALLS.map(({ name, method, path }) => ({ name, method, path })),
  };
}

const VERSION_PREFIX = /^\/v\d+\.\d+(?=\/)/;

/** The path pattern as a regular expression (anchored; an optional API version prefix allowed). */
export function pathPattern(path: string): RegExp {
  const source = path
    .split(/(\{[a-z]+\*?\})/)
    .map((part) => {
      if (part.startsWith('{')) return part.endsWith('*}') ? '[^?#]+' : '[^/?#]+';
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`);
}

const compiled = ENGINE_CALLS.map((c) => ({ call: c as EngineCall, re: pathPattern(c.path) }));

/** The listed call a request is, or null: `path` may carry a version prefix and a query string. */
export function matchEngineCall(method: string, path: string): EngineCall | null {
  const bare = (path.split('?')[0] ?? '').replace(VERSION_PREFIX, '');
  const m = method.toUpperCase();
  // a longer (more specific) pattern wins: `/containers/json` before `/containers/{id}`
  let best: EngineCall | null = null;
  for (const { call, re } of compiled) {
    if (call.method !== m || !re.test(bare)) continue;
    if (!best || call.path.length > best.path.length) best = call;
  }
  return best;
}
