'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { jobsKey, newIdempotencyKey, retryUnless4xx } from '@/components/actions/use-actions';
import type { Backup } from '@/lib/backups/schemas';
import { ops } from '@/lib/contract';
import { apiCall, queryKey } from '@/lib/contract/client';
import type { JobView as Job } from '@/lib/jobs/schemas';

export const backupsKey = (serviceId: string) => queryKey(ops.backupsList, { query: { serviceId } });

export function useBackups(serviceId: string) {
  return useQuery({
    queryKey: backupsKey(serviceId),
    queryFn: () => apiCall(ops.backupsList, { query: { serviceId } }).then((r) => r.backups),
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
      return apiCall(ops.backupsCreate, { params: { id: serviceId }, headers });
    case 'verify':
      return apiCall(ops.backupsVerify, { params: { id: action.backupId }, headers });
    case 'restore':
      return apiCall(ops.backupsRestore, { params: { id: action.backupId }, body: action.body, headers });
    case 'delete':
      return apiCall(ops.backupsDelete, { params: { id: action.backupId } });
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
      void client.invalidateQueries({ queryKey: jobsKey(serviceId) });
    },
  });
}

/** The undo backup a failed restore names (result target `undo:<id>`), to offer it. */
export function undoBackupOf(job: Job | null): string | null {
  if (job?.kind !== 'restore' || job.status !== 'failed') return null;
  const r = job.results.find((x) => x.target.startsWith('undo:'));
  return r ? r.target.slice('undo:'.length) : null;
}
