import type { ContainerInfo, DockerService } from './types';

/**
 * The shortest id prefix accepted for a container. `docker ps` shows 12 characters; 6 keeps a
 * typed prefix short while making an accidental match across a host's containers unlikely.
 */
export const MIN_CONTAINER_PREFIX = 6;

const HEX = /^[0-9a-f]+$/;

/** A container reference as typed (any case, surrounding blanks), or null when it can't be an id. */
function normalise(ref: string): string | null {
  const r = ref.trim().toLowerCase();
  return r.length >= MIN_CONTAINER_PREFIX && r.length <= 64 && HEX.test(r) ? r : null;
}

/**
 * The one item whose container id is `ref`: the full id, or a hex prefix of at least
 * MIN_CONTAINER_PREFIX characters that matches exactly one id. Ambiguous or too short → null.
 */
export function resolveContainerRef<T>(items: Iterable<T>, ref: string, idOf: (item: T) => string): T | null {
  const r = normalise(ref);
  if (r === null) return null;
  let found: T | null = null;
  for (const item of items) {
    const id = idOf(item);
    if (id === r) return item;
    if (!id.startsWith(r)) continue;
    if (found !== null) return null;
    found = item;
  }
  return found;
}

/** The service and container that `ref` names among these services (see resolveContainerRef). */
export function findContainer(
  services: Iterable<DockerService>,
  ref: string,
): { service: DockerService; container: ContainerInfo } | null {
  const pairs = function* () {
    for (const service of services) for (const container of service.containers) yield { service, container };
  };
  return resolveContainerRef(pairs(), ref, (p) => p.container.id);
}
