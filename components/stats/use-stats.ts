'use client';

import { useQuery } from '@tanstack/react-query';
import { ops } from '@/lib/contract';
import { apiCall, queryKey } from '@/lib/contract/client';

/**
 * A service's live figures. Asking keeps its replicas' stats streams open on the server (they close
 * 15 s after the last ask), so the page polls while it is open and stops when it is closed.
 */
export function useServiceStats(serviceId: string) {
  return useQuery({
    queryKey: queryKey(ops.servicesStats, { params: { id: serviceId } }),
    queryFn: () => apiCall(ops.servicesStats, { params: { id: serviceId } }),
    refetchInterval: 2000,
    placeholderData: (prev) => prev,
  });
}

/** CPU and memory of the overview rows on screen (`ids`, at most 100), one request for all of them. */
export function useStatsList(ids: string) {
  const services = ids.split(',').filter(Boolean).slice(0, 100).join(',');
  return useQuery({
    queryKey: queryKey(ops.statsList, { query: { services } }),
    queryFn: () => apiCall(ops.statsList, { query: { services } }),
    enabled: services.length > 0,
    refetchInterval: 5000,
    placeholderData: (prev) => prev,
  });
}
