import type { DockerService, SourceStatus } from '@/lib/docker/types';
import type { Reason } from '@/lib/health/types';
import type { Service } from './types';

/** What a data source adds to one service: fields of the Service object and health reasons. */
export interface ServiceContribution {
  fields?: Partial<Pick<Service, 'queue' | 'metrics' | 'alerts' | 'up' | 'backup' | 'image'>>;
  reasons?: Reason[];
  /** the best status this source allows the service: it can only make it worse */
  cap?: 'degraded' | 'down';
}

/**
 * A source beside the engine (Prometheus, backups policy, probes). Sources plug in here so the
 * health model and the API never change when one is added.
 */
export interface ServiceSource {
  name: string;
  contribute(service: DockerService): ServiceContribution;
  /** shown in `sources` of /api/v1/services */
  status?(): SourceStatus;
}

type Listener = () => void;

interface Registry {
  sources: Map<string, ServiceSource>;
  listeners: Set<Listener>;
}

const holder = globalThis as unknown as { __opsdeckServiceSources?: Registry };
function registry(): Registry {
  holder.__opsdeckServiceSources ??= { sources: new Map(), listeners: new Set() };
  return holder.__opsdeckServiceSources;
}

export function registerServiceSource(source: ServiceSource): void {
  registry().sources.set(source.name, source);
}

export function serviceSources(): ServiceSource[] {
  return [...registry().sources.values()];
}

/** A source calls this when its data changed, so live views recompute every service. */
export function notifySourceChanged(): void {
  for (const l of registry().listeners) l();
}

export function onSourceChanged(listener: Listener): () => void {
  registry().listeners.add(listener);
  return () => registry().listeners.delete(listener);
}
