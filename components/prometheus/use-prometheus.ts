'use client';

import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '@/components/api-fetch';
import type { SeriesSet, SparklinesAnswer } from '@/lib/prometheus/series';

/**
 * Every row's sparkline comes from this one shared query (same key for all rows), which the server
 * answers with one Prometheus range query for all services.
 */
export function useQueueSparklines(range = '1h') {
  return useQuery({
    queryKey: ['queue-sparklines', range],
    queryFn: () => apiFetch<SparklinesAnswer>(`/api/v1/queues/sparklines?range=${encodeURIComponent(range)}`),
    refetchInterval: 30_000,
    staleTime: 15_000,
    placeholderData: (prev) => prev,
  });
}

export function useServiceSeries(serviceId: string, range: string) {
  return useQuery({
    queryKey: ['service-series', serviceId, range],
    queryFn: () =>
      apiFetch<SeriesSet>(
        `/api/v1/services/${encodeURIComponent(serviceId)}/metrics?range=${encodeURIComponent(range)}`,
      ),
    refetchInterval: 10_000,
    placeholderData: (prev) => prev,
  });
}
