'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { ops } from '@/lib/contract';
import { apiCall, queryKey } from '@/lib/contract/client';
import type { IncidentKind } from '@/lib/services/schemas';

/** How often an open page re-reads its newest entries (alerts, silences, jobs land between deltas). */
const LIVE_MS = 5000;

/** A service's story, newest first; `version` (the live stream's view of it) refetches on a change. */
export function useServiceTimeline(serviceId: string, version: string, kinds: IncidentKind[]) {
  const query = { limit: 50, ...(kinds.length ? { kinds: kinds.join(',') } : {}) };
  return useInfiniteQuery({
    queryKey: [...queryKey(ops.servicesTimeline, { params: { id: serviceId }, query }), version],
    queryFn: ({ pageParam }) =>
      apiCall(ops.servicesTimeline, {
        params: { id: serviceId },
        query: { ...query, ...(pageParam ? { cursor: pageParam } : {}) },
      }),
    initialPageParam: '',
    getNextPageParam: (last) => last.next,
    refetchInterval: LIVE_MS,
    placeholderData: (prev) => prev,
  });
}

/** "What changed" across the deployment or one stack, newest first. */
export function useChanges(since: string, stack: string | undefined, kinds: IncidentKind[]) {
  const query = {
    since,
    limit: 100,
    ...(stack ? { stack } : {}),
    ...(kinds.length ? { kinds: kinds.join(',') } : {}),
  };
  return useInfiniteQuery({
    queryKey: queryKey(ops.timelineChanges, { query }),
    queryFn: ({ pageParam }) =>
      apiCall(ops.timelineChanges, { query: { ...query, ...(pageParam ? { cursor: pageParam } : {}) } }),
    initialPageParam: '',
    getNextPageParam: (last) => last.next,
    refetchInterval: LIVE_MS,
    placeholderData: (prev) => prev,
  });
}
