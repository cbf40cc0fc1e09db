'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ops } from '@/lib/contract';
import { apiCall, queryKey } from '@/lib/contract/client';
import type { Matcher, Silence } from '@/lib/prometheus/schemas';

export { useAlerts } from './use-alerts-list';

export function useSilences() {
  return useQuery({
    queryKey: queryKey(ops.silencesList),
    queryFn: () => apiCall(ops.silencesList, {}),
    refetchInterval: 10_000,
    placeholderData: (prev) => prev,
  });
}

export interface SilenceDraft {
  matchers: Matcher[];
  duration: string;
  comment: string;
  serviceId?: string;
}

/** Create or expire a silence; both refresh alerts and silences so `silenced` shows at once. */
export function useSilenceMutations() {
  const qc = useQueryClient();
  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: queryKey(ops.alertsList) }),
      qc.invalidateQueries({ queryKey: queryKey(ops.silencesList) }),
    ]);
  const create = useMutation({
    mutationFn: (draft: SilenceDraft) => apiCall(ops.silencesCreate, { body: draft }),
    onSuccess: refresh,
  });
  const expire = useMutation({
    mutationFn: (id: Silence['id']) => apiCall(ops.silencesExpire, { params: { id } }),
    onSuccess: refresh,
  });
  return { create, expire };
}
