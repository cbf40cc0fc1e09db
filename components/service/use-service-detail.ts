'use client';

import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/components/api-fetch';
import type { ContainerInfo } from '@/lib/docker/types';
import type { TimelineEvent } from '@/lib/services/timeline';

/** `version` changes whenever the live stream reports a change, so the detail is refetched then. */
export function useServiceContainers(serviceId: string, version: string, initial?: ContainerInfo[]) {
  return useQuery({
    queryKey: ['service-containers', { serviceId, version }],
    queryFn: () => apiFetch<{ containers: ContainerInfo[] }>(`/api/v1/services/${serviceId}/containers`),
    initialData: initial ? { containers: initial } : undefined,
    placeholderData: (prev) => prev,
  });
}

export function useServiceEvents(serviceId: string, version: string) {
  return useQuery({
    queryKey: ['service-events', { serviceId, version }],
    queryFn: () => apiFetch<{ events: TimelineEvent[] }>(`/api/v1/services/${serviceId}/events?limit=100`),
    placeholderData: (prev) => prev,
  });
}
