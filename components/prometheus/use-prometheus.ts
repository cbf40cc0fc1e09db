'use client';

import { useQuery } from '@tanstack/react-query';
import { ops } from '@/lib/contract';
import { apiCall, queryKey } from '@/lib/contract/client';
import type { RangeName } from '@/lib/prometheus/schemas';

/**
 * Every service's queue sparkline in one query, which the server answers with one Prometheus range
 * query for all services. The overview asks once (`QueueSparklinesProvider`), not once per row.
 */
export function useQueueSparklines(range: RangeName = '1h', enabled = true) {
  return useQuery({
    queryKey: queryKey(ops.queuesSparklines, { query: { range } }),
    queryFn: () => apiCall(ops.queuesSparklines, { query: { range } }),
    enabled,
    refetchInterval: 30_000,
    staleTime: 15_000,
    placeholderData: (prev) => prev,
  });
}

export function useServiceSeries(serviceId: string, range: RangeName) {
  return useQuery({
    queryKey: queryKey(ops.servicesMetrics, { params: { id: serviceId }, query: { range } }),
    queryFn: () => apiCall(ops.servicesMetrics, { params: { id: serviceId }, query: { range } }),
    // CPU/memory from Docker stats start when the page asks: ask again soon until a chart can be drawn
    refetchInterval: (query) => {
      const d = query.state.data;
      return d && (d.cpu.points.length < 2 || d.memory.points.length < 2) && d.cpu.from === 'docker'
        ? 2000
        : 10_000;
    },
    placeholderData: (prev) => prev,
  });
}
