'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { newIdempotencyKey, retryUnless4xx } from '@/components/actions/use-actions';
import { apiFetch } from '@/components/api-fetch';
import type { Backup } from '@/lib/backups/catalog';
import type { Job } from '@/lib/jobs/types';

export const backupsKey = (serviceId: string) => ['backups', serviceId] as const;

export function useBackups(serviceId: string) {
  return useQuery({
    queryKey: backupsKey(serviceId),
    queryFn: () =>
      apiFetch<{ backups: Backup[] }>(`/api/v1/backups?serviceId=${encodeURIComponent(serviceId)}`).then(
        (r) => r.backups,
      ),
    refetchInterval: 15_000,
    retry: retryUnless4xx,
  });
}

export type BackupAction =
  | { kind: 'create' }
  | { kind: 'verify'; backupId: string }
  | {
      kind: 'restore';
      backupId: string;
      body: { target: 'in-place' } | { target: 'new-volume'; volumeName: string };
    }
  | { kind: 'delete'; backupId: string };

function request(serviceId: string, action: BackupAction): Promise<{ job?: Job; backup?: Backup }> {
  const headers = { 'Idempotency-Key': newIdempotencyKey() };
  switch (action.kind) {
    case 'create':
      return apiFetch(`/api/v1/services/${encodeURIComponent(serviceId)}/backups`, {
        method: 'POST',
        json: {},
        headers,
      });
    case 'verify':
      return apiFetch(`/api/v1/backups/${encodeURIComponent(action.backupId)}/verify`, {
        method: 'POST',
        json: {},
        headers,
      });
    case 'restore':
      return apiFetch(`/api/v1/backups/${encodeURIComponent(action.backupId)}/restore`, {
        method: 'POST',
        json: action.body,
        headers,
      });
    case 'delete':
      return apiFetch(`/api/v1/backups/${encodeURIComponent(action.backupId)}`, { method: 'DELETE' });
  }
}

/** One mutation for every backup action; the list refreshes when it settles. */
export function useBackupAction(serviceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (action: BackupAction) => request(serviceId, action),
    retry: false,
    onSettled: () => {
      void client.invalidateQueries({ queryKey: backupsKey(serviceId) });
      void client.invalidateQueries({ queryKey: ['jobs', serviceId] });
    },
  });
}

/** The undo backup a failed restore names (result target `undo:<id>`), to offer it. */
export function undoBackupOf(job: Job | null): string | null {
  if (job?.kind !== 'restore' || job.status !== 'failed') return null;
  const r = job.results.find((x) => x.target.startsWith('undo:'));
  return r ? r.target.slice('undo:'.length) : null;
}
