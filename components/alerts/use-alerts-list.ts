'use client';

import { useQuery } from '@tanstack/react-query';
import type { ops } from '@/lib/contract';
import { fetchJson, operationUrl, queryKey } from '@/lib/contract/client';
import type { ResponseOf } from '@/lib/contract/operation';
import { wallRoutes } from '@/lib/contract/wall-routes';

type AlertsAnswer = ResponseOf<typeof ops.alertsList>;

/**
 * Firing and pending alerts, every 5 s. Through `wallRoutes` (no zod, no other operation) because
 * the wall display uses it too; the console shares the same query key and cache.
 */
export function useAlerts() {
  return useQuery({
    queryKey: queryKey(wallRoutes.alertsList),
    queryFn: () => fetchJson(operationUrl(wallRoutes.alertsList)) as Promise<AlertsAnswer>,
    refetchInterval: 5_000,
    placeholderData: (prev) => prev,
  });
}
