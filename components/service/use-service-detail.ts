'use client';

import { useQuery } from '@tanstack/react-query';
import { ops } from '@/lib/contract';
import { apiCall, queryKey } from '@/lib/contract/client';
import type { ContainerInfo } from '@/lib/docker/types';

/** `version` changes whenever the live stream reports a change, so the detail is refetched then. */
export function useServiceContainers(serviceId: string, version: string, initial?: ContainerInfo[]) {
  return useQuery({
    queryKey: [...queryKey(ops.servicesContainers, { params: { id: serviceId } }), version],
    queryFn: () => apiCall(ops.servicesContainers, { params: { id: serviceId } }),
    initialData: initial ? { containers: initial } : undefined,
    placeholderData: (prev) => prev,
  });
}
