'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '@/components/api-fetch';
import type { Matcher, Silence } from '@/lib/prometheus/alertmanager';
import type { AlertsAnswer } from '@/lib/prometheus/alerts-api';
import type { SilencesAnswer } from '@/lib/prometheus/silences';

export function useAlerts() {
  return useQuery({
    queryKey: ['alerts'],
    queryFn: () => apiFetch<AlertsAnswer>('/api/v1/alerts'),
    refetchInterval: 5_000,
    placeholderData: (prev) => prev,
  });
}

export function useSilences() {
  return useQuery({
    queryKey: ['silences'],
    queryFn: () => apiFetch<SilencesAnswer>('/api/v1/silences'),
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
      qc.invalidateQueries({ queryKey: ['alerts'] }),
      qc.invalidateQueries({ queryKey: ['silences'] }),
    ]);
  const create = useMutation({
    mutationFn: (draft: SilenceDraft) =>
      apiFetch<{ id: string }>('/api/v1/silences', { method: 'POST', json: draft }),
    onSuccess: refresh,
  });
  const expire = useMutation({
    mutationFn: (id: Silence['id']) =>
      apiFetch<void>(`/api/v1/silences/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
  return { create, expire };
}
