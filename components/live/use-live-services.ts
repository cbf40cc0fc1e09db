'use client';

import { useEffect, useRef, useState } from 'react';
import { operationUrl } from '@/lib/contract/client';
import { wallRoutes } from '@/lib/contract/wall-routes';
import type { SourceStatus } from '@/lib/docker/types';
import type { Service } from '@/lib/services/types';

export type Connection =
  | { state: 'connecting' }
  | { state: 'live' }
  | { state: 'reconnecting'; since: number; retryInMs: number };

/** S: the full Service for the console; the wall's reduced projection for a display principal. */
export interface LiveServices<S extends { id: string } = Service> {
  services: Map<string, S>;
  sources: Record<string, SourceStatus>;
  connection: Connection;
  /** when the last event arrived from the server */
  lastEventAt: number | null;
  /** false until the first snapshot */
  loaded: boolean;
}

const FLUSH_MS = 250;
const MIN_BACKOFF = 1000;
const MAX_BACKOFF = 30_000;

type Pending<S> =
  | { kind: 'snapshot'; services: S[]; sources: Record<string, SourceStatus> }
  | { kind: 'service'; service: S }
  | { kind: 'removed'; id: string }
  | { kind: 'sources'; sources: Record<string, SourceStatus> };

/**
 * The live service list from ONE EventSource per tab (`/api/v1/stream`). Updates are applied in
 * batches every 250 ms; a lost stream reconnects with backoff and resumes from its last event id.
 */
/** The JSON data of each live event, as the server's LiveEvent schemas describe it. */
interface Wire<S> {
  snapshot: { services: S[]; sources: Record<string, SourceStatus> };
  service: S;
  removed: { id: string };
  sources: Record<string, SourceStatus>;
}

export function useLiveServices<S extends { id: string } = Service>(initial?: {
  services: S[];
  sources: Record<string, SourceStatus>;
}): LiveServices<S> {
  const [state, setState] = useState<LiveServices<S>>(() => ({
    services: new Map((initial?.services ?? []).map((s) => [s.id, s])),
    sources: initial?.sources ?? {},
    connection: { state: 'connecting' },
    lastEventAt: null,
    loaded: initial !== undefined,
  }));
  const pending = useRef<Pending<S>[]>([]);

  useEffect(() => {
    let source: EventSource | null = null;
    let lastId: string | null = null;
    let backoff = MIN_BACKOFF;
    let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
    let disconnectedSince: number | null = null;
    let stopped = false;

    const flush = setInterval(() => {
      const batch = pending.current;
      if (batch.length === 0) return;
      pending.current = [];
      setState((prev) => {
        let services = prev.services;
        let sources = prev.sources;
        let loaded = prev.loaded;
        for (const p of batch) {
          if (p.kind === 'snapshot') {
            services = new Map(p.services.map((s) => [s.id, s]));
            sources = p.sources;
            loaded = true;
          } else if (p.kind === 'service') {
            if (services === prev.services) services = new Map(services);
            services.set(p.service.id, p.service);
          } else if (p.kind === 'removed') {
            if (services === prev.services) services = new Map(services);
            services.delete(p.id);
          } else {
            sources = p.sources;
          }
        }
        return { ...prev, services, sources, loaded, lastEventAt: Date.now() };
      });
    }, FLUSH_MS);

    // The data is what the server's LiveEvent schema describes; it is not re-validated per event.
    const on = <N extends keyof Wire<S>>(es: EventSource, name: N, make: (data: Wire<S>[N]) => Pending<S>) =>
      es.addEventListener(name, (ev) => {
        if (ev.lastEventId) lastId = ev.lastEventId;
        try {
          pending.current.push(make(JSON.parse(ev.data) as Wire<S>[N]));
        } catch {
          // a malformed event is dropped; the next snapshot repairs the state
        }
      });

    const connect = () => {
      if (stopped) return;
      const url = operationUrl(wallRoutes.stream, undefined, lastId ? { lastEventId: lastId } : undefined);
      const es = new EventSource(url, { withCredentials: true });
      source = es;
      es.addEventListener('open', () => {
        backoff = MIN_BACKOFF;
        disconnectedSince = null;
        setState((prev) => ({ ...prev, connection: { state: 'live' } }));
      });
      on(es, 'snapshot', (d) => ({ kind: 'snapshot', services: d.services, sources: d.sources }));
      on(es, 'service', (d) => ({ kind: 'service', service: d }));
      on(es, 'removed', (d) => ({ kind: 'removed', id: d.id }));
      on(es, 'sources', (d) => ({ kind: 'sources', sources: d }));
      es.addEventListener('error', () => {
        // We own the retry policy (backoff), so the browser's fixed-interval retry is stopped here.
        es.close();
        if (stopped) return;
        disconnectedSince ??= Date.now();
        const since = disconnectedSince;
        const retryInMs = backoff;
        setState((prev) => ({ ...prev, connection: { state: 'reconnecting', since, retryInMs } }));
        reconnectTimer = setTimeout(connect, backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF);
      });
    };
    connect();
    return () => {
      stopped = true;
      clearInterval(flush);
      clearTimeout(reconnectTimer);
      source?.close();
    };
  }, []);

  return state;
}
