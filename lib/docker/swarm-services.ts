import type { SwarmServiceSummary } from './engine-types';

export interface SwarmServiceInfo {
  id: string;
  name: string;
  version: number;
  mode: 'replicated' | 'global';
  replicas: number;
  image: string;
  labels: Record<string, string>;
  updateStatus: string | null;
  updatedAt: string;
  /** its containers run with a TTY: their log stream is raw, not multiplexed */
  tty: boolean;
}

/** Engine service listing → our SwarmServiceInfo; null for an entry without id or name. */
export function mapSwarmService(s: SwarmServiceSummary): SwarmServiceInfo | null {
  const spec = s.Spec;
  if (!s.ID || !spec?.Name) return null;
  const replicated = spec.Mode?.Replicated;
  return {
    id: s.ID,
    name: spec.Name,
    version: s.Version?.Index ?? 0,
    mode: replicated ? 'replicated' : 'global',
    replicas: replicated?.Replicas ?? 0,
    image:
      (spec.TaskTemplate as { ContainerSpec?: { Image?: string } } | undefined)?.ContainerSpec?.Image ?? '',
    labels: spec.Labels ?? {},
    updateStatus: (s as { UpdateStatus?: { State?: string } }).UpdateStatus?.State ?? null,
    updatedAt: s.UpdatedAt ?? s.CreatedAt ?? new Date().toISOString(),
    tty:
      (spec.TaskTemplate as { ContainerSpec?: { TTY?: boolean } } | undefined)?.ContainerSpec?.TTY === true,
  };
}

/** Runs `fn` over `items` with at most `limit` calls in flight, keeping the order of results. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  });
  await Promise.all(workers);
  return out;
}
