/**
 * Which repository an image reference names: `registry:5000/team/app:1.2@sha256:…` → `registry:5000/team/app`.
 * Docker Hub's implicit prefixes are dropped so `docker.io/library/redis` and `redis` are the same.
 */
export function repositoryOf(ref: string): string {
  let r = ref.trim().toLowerCase();
  const at = r.indexOf('@');
  if (at >= 0) r = r.slice(0, at);
  const colon = r.lastIndexOf(':');
  if (colon > r.lastIndexOf('/')) r = r.slice(0, colon);
  return r.replace(/^(docker\.io|index\.docker\.io)\//, '').replace(/^library\//, '');
}

/**
 * A deploy keeps a service on its own repository: `operate` means "ship a new version", not "run any
 * image on the host under this service's volumes, networks and secrets". The new image may be named
 * by a tag of that repository, or by an id whose local tags include one.
 */
export function sameRepository(current: string, wanted: string, wantedTags: readonly string[]): boolean {
  if (/^(sha256:)?[0-9a-f]{12,64}$/i.test(current)) return false; // an id names no repository
  const repo = repositoryOf(current);
  return repositoryOf(wanted) === repo || wantedTags.some((t) => repositoryOf(t) === repo);
}
