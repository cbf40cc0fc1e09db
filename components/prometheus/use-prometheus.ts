'use client';

import { useQuery } from '@tanstack/react-query';
import { ops } from '@/lib/contract';
import { apiCall, queryKey } from '@/lib/contract/client';
import type { RangeName } from '@/lib/prometheus/schemas';

/**
 * Every row's sparkline comes from this one shared query (same key for all rows), which the server
 * answers with one Prometheus range query for all services.
 */
export function useQueueSparklines(range: RangeName = '1h') {
  return useQuery({
    queryKey: queryKey(ops.queuesSparklines, { query: { range } }),
    queryFn: () => apiCall(ops.queuesSparklines, { query: { range } }),
    refetchInterval: 30_000,
    staleTime: 15_000,
    placeholderData: (prev) => prev,
  });
}

export function useServiceSeries(serviceId: string, range: RangeName) {
  return useQuery({
    queryKey: queryKey(ops.servicesMetrics, { params: { id: serviceId }, query: { range } }),
    queryFn: () => apiCall(ops.servicesMetrics, { params: { id: serviceId }, query: { range } }),
    refetchInterval: 10_000,
    placeholderData: (prev) => prev,
  });
}
