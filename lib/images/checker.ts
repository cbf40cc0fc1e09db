import { env } from '@/lib/config/env';
import { engine } from '@/lib/docker/engine';
import type { DockerService } from '@/lib/docker/types';
import { logger } from '@/lib/log/logger';
import { notifySourceChanged, registerServiceSource } from '@/lib/services/sources';
import { credentialsFor } from './credentials';
import { digestFor, type ImageReference, parseReference } from './reference';
import { RegistryError, remoteDigest } from './registry';
import type { ImageState } from './schemas';

/** A check's outcome, with the running image it was made for (a deploy makes it stale). */
interface Checked extends ImageState {
  imageId: string | null;
}

interface Store {
  checks: Map<string, Checked>;
  /** per registry: the tail of its request queue and when its last request went out */
  queues: Map<string, { tail: Promise<unknown>; last: number }>;
  /** scheduled checks reuse a digest this young instead of asking again */
  remote: Map<string, { digest: string; at: number }>;
  inFlight: Map<string, Promise<ImageState>>;
}

const holder = globalThis as unknown as { __opsdeckImageChecks?: Store };
function store(): Store {
  holder.__opsdeckImageChecks ??= {
    checks: new Map(),
    queues: new Map(),
    remote: new Map(),
    inFlight: new Map(),
  };
  return holder.__opsdeckImageChecks;
}

const REUSE_MS = 60_000;

/** The image the service's (first running) container runs: a deploy changes it. */
export function runningImageId(svc: DockerService): string | null {
  const c = svc.containers.find((x) => x.state === 'running') ?? svc.containers[0];
  return c?.imageId ?? null;
}

/**
 * Runs `fn` in the registry's queue: requests to one registry go one at a time, at least
 * 60 s / OPSDECK_REGISTRY_CHECKS_PER_MINUTE apart (Docker Hub counts them), whoever asks.
 */
function throttled<T>(registry: string, fn: () => Promise<T>): Promise<T> {
  const gap = 60_000 / env().OPSDECK_REGISTRY_CHECKS_PER_MINUTE;
  const q = store().queues.get(registry) ?? { tail: Promise.resolve(), last: 0 };
  store().queues.set(registry, q);
  const run = q.tail.then(async () => {
    const wait = q.last + gap - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    q.last = Date.now();
    return fn();
  });
  q.tail = run.catch(() => undefined);
  return run;
}

async function registryDigest(ref: ImageReference, fresh: boolean): Promise<string> {
  const key = `${ref.registry}/${ref.repository}:${ref.tag}`;
  const cached = store().remote.get(key);
  if (!fresh && cached && Date.now() - cached.at < REUSE_MS) return cached.digest;
  const insecure = (env().OPSDECK_INSECURE_REGISTRIES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const digest = await throttled(ref.registry, () =>
    remoteDigest(ref, { credentials: credentialsFor(ref), insecure }),
  );
  store().remote.set(key, { digest, at: Date.now() });
  return digest;
}

/** The running image's digest in `ref`'s repository; null when it never came from that registry. */
async function localDigest(svc: DockerService, ref: ImageReference, imageId: string): Promise<string | null> {
  let repoDigests: string[];
  try {
    const img = (await engine(svc.host).inspectImage(imageId)) as { RepoDigests?: string[] | null };
    repoDigests = img.RepoDigests ?? [];
  } catch (err) {
    throw new RegistryError(`cannot inspect the running image on ${svc.host}: ${(err as Error).message}`);
  }
  return digestFor(ref, repoDigests);
}

async function runCheck(svc: DockerService, fresh: boolean): Promise<Checked> {
  const base = { ref: svc.image, imageId: runningImageId(svc), currentDigest: null, remoteDigest: null };
  const unknown = (why: { error: string } | { note: string }): Checked => ({
    ...base,
    updateAvailable: null,
    checkedAt: new Date().toISOString(),
    error: null,
    note: null,
    ...why,
  });
  const ref = parseReference(svc.image);
  if (!ref) return unknown({ note: 'the service runs an image id, not a tag: there is nothing to compare' });
  if (!ref.tag) return unknown({ note: 'the image is pinned to a digest: it has no newer version' });
  if (!base.imageId) return unknown({ error: 'no container of the service exists' });
  try {
    // the registry is asked only for an image that came from it (a local build has nothing to compare)
    const current = await localDigest(svc, ref, base.imageId);
    if (!current)
      return unknown({
        note: `the running image has no digest from ${ref.registry}: it was built or loaded on the host, not pulled or pushed`,
      });
    const remote = await registryDigest(ref, fresh);
    return {
      ...base,
      currentDigest: current,
      remoteDigest: remote,
      updateAvailable: current !== remote,
      checkedAt: new Date().toISOString(),
      error: null,
      note: null,
    };
  } catch (err) {
    return unknown({ error: err instanceof RegistryError ? err.message : String(err) });
  }
}

const publicState = ({ imageId: _, ...state }: Checked): ImageState => state;

/**
 * Checks a service's tag against its registry now (`fresh`: a registry answer is never reused)
 * and keeps the outcome for the service list. Concurrent checks of one service share one run.
 */
export function checkImage(svc: DockerService, fresh = true): Promise<ImageState> {
  const s = store();
  const running = s.inFlight.get(svc.id);
  if (running) return running;
  const p = runCheck(svc, fresh)
    .then((checked) => {
      s.checks.set(svc.id, checked);
      if (checked.error) logger().info({ service: svc.id, error: checked.error }, 'image check failed');
      notifySourceChanged();
      return publicState(checked);
    })
    .finally(() => s.inFlight.delete(svc.id));
  s.inFlight.set(svc.id, p);
  return p;
}

/**
 * What the service list shows: the last check, if it was made for the image that runs now. After
 * a deploy or an image change the old answer is withheld (unknown, not "up to date") and a new
 * check is queued.
 */
export function imageContribution(svc: DockerService): ImageState | undefined {
  const checked = store().checks.get(svc.id);
  if (!checked) return undefined;
  if (checked.ref === svc.image && checked.imageId === runningImageId(svc)) return publicState(checked);
  if (!store().inFlight.has(svc.id)) void checkImage(svc, false).catch(() => undefined);
  return {
    ref: svc.image,
    updateAvailable: null,
    checkedAt: null,
    currentDigest: null,
    remoteDigest: checked.remoteDigest,
    error: null,
    note: null,
  };
}

/** The last check of a service, if any (for tests and the job that follows a pull). */
export function lastCheck(serviceId: string): ImageState | null {
  const c = store().checks.get(serviceId);
  return c ? publicState(c) : null;
}

export function registerImageSource(): void {
  registerServiceSource({
    name: 'images',
    contribute: (svc) => {
      const image = imageContribution(svc);
      return image ? { fields: { image } } : {};
    },
  });
}
