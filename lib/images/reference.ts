/**
 * An image reference split the way the engine and a registry read it:
 * `127.0.0.1:5000/demo/app:1` → registry `127.0.0.1:5000`, repository `demo/app`, tag `1`;
 * `redis` → Docker Hub (`registry-1.docker.io`), repository `library/redis`, tag `latest`.
 */
export interface ImageReference {
  /** the registry host as `docker login` names it (`docker.io` for Docker Hub) */
  registry: string;
  /** host[:port] the registry API answers on */
  apiHost: string;
  /** the repository path inside the registry */
  repository: string;
  tag: string | null;
  digest: string | null;
  /** the repository as the engine writes it in RepoDigests (`demo/app`, `127.0.0.1:5000/demo/app`, `redis`) */
  name: string;
}

const HUB = 'docker.io';
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const IMAGE_ID = /^(sha256:)?[0-9a-f]{12,64}$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const PATH = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

/** null for an image id or anything that is not a reference. */
export function parseReference(ref: string): ImageReference | null {
  let rest = ref.trim();
  if (!rest || IMAGE_ID.test(rest)) return null;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    if (!DIGEST.test(digest)) return null;
    rest = rest.slice(0, at);
  }
  let tag: string | null = null;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    if (!TAG.test(tag)) return null;
    rest = rest.slice(0, colon);
  }
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  // the first part is a registry when it looks like a host: a dot, a port, or localhost
  const hasRegistry = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let registry = hasRegistry ? first : HUB;
  let repository = hasRegistry ? rest.slice(slash + 1) : rest;
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = HUB;
  if (registry === HUB && !repository.includes('/')) repository = `library/${repository}`;
  if (!PATH.test(repository)) return null;
  if (!tag && !digest) tag = 'latest';
  const short = repository.replace(/^library\//, '');
  return {
    registry,
    apiHost: registry === HUB ? 'registry-1.docker.io' : registry,
    repository,
    tag,
    digest,
    name: registry === HUB ? short : `${registry}/${repository}`,
  };
}

/** The registry digest of `ref`'s repository among an image's RepoDigests (`name@sha256:…`), or null. */
export function digestFor(ref: ImageReference, repoDigests: readonly string[]): string | null {
  for (const entry of repoDigests) {
    const at = entry.lastIndexOf('@');
    if (at < 0) continue;
    const parsed = parseReference(`${entry.slice(0, at)}:x`);
    if (parsed && parsed.registry === ref.registry && parsed.repository === ref.repository)
      return entry.slice(at + 1);
  }
  return null;
}

/** Loopback registries are spoken to over plain HTTP, as the engine does by default. */
export function isLoopbackRegistry(apiHost: string): boolean {
  const host = apiHost.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
