'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ConfirmDialog } from '@/components/actions/confirm-dialog';
import { JobDrawer } from '@/components/actions/job-drawer';
import { useJobStream } from '@/components/actions/use-actions';
import { formatBytes } from '@/components/prometheus/format';
import { RelativeTime } from '@/components/ui/relative-time';
import type { Backup } from '@/lib/backups/schemas';
import { ops } from '@/lib/contract';
import { operationUrl } from '@/lib/contract/client';
import { RestoreDialog } from './restore-dialog';
import { type BackupAction, backupsKey, undoBackupOf, useBackupAction, useBackups } from './use-backups';
import { VerifiedBadge } from './verified-badge';

export interface BackupsPanelProps {
  serviceId: string;
  /** may back up and verify */
  canOperate: boolean;
  /** may restore, delete and download (admins: an archive is all of the service's data) */
  canRestore: boolean;
}

const button =
  'rounded border border-zinc-300 px-2 py-1 text-xs hover:bg-zinc-50 disabled:opacity-50 dark:border-zinc-600 dark:hover:bg-zinc-800';

/** The backups tab of a service: list, back up now, verify, download, restore, delete, live job. */
export function BackupsPanel({ serviceId, canOperate, canRestore }: BackupsPanelProps) {
  const backups = useBackups(serviceId);
  const action = useBackupAction(serviceId);
  const client = useQueryClient();
  const [jobId, setJobId] = useState<string | null>(null);
  const [restoring, setRestoring] = useState<Backup | null>(null);
  const [deleting, setDeleting] = useState<Backup | null>(null);
  const { job } = useJobStream(jobId);
  const finished = job !== null && job.status !== 'queued' && job.status !== 'running';
  useEffect(() => {
    if (finished) void client.invalidateQueries({ queryKey: backupsKey(serviceId) });
  }, [finished, client, serviceId]);
  const undoId = undoBackupOf(job);
  const list = backups.data ?? [];

  const run = (a: BackupAction, after?: () => void) =>
    action.mutate(a, {
      onSuccess: (r) => {
        if (r.job) setJobId(r.job.id);
        after?.();
      },
    });
  const actionError = action.error instanceof Error ? action.error.message : null;

  return (
    <section aria-label="Backups" data-testid="backups-panel" className="flex flex-col gap-3 text-sm">
      <header className="flex items-center justify-between">
        <h2 className="font-semibold">Backups</h2>
        {canOperate ? (
          <button
            type="button"
            className={button}
            disabled={action.isPending}
            onClick={() => run({ kind: 'create' })}
            data-testid="backup-now"
          >
            Back up now
          </button>
        ) : null}
      </header>
      {backups.isError ? (
        <p role="alert" className="rounded bg-amber-50 px-3 py-2 text-amber-900">
          Could not load backups:{' '}
          {backups.error instanceof Error ? backups.error.message : String(backups.error)}
          {backups.dataUpdatedAt
            ? ` (showing the list from ${new Date(backups.dataUpdatedAt).toLocaleTimeString()})`
            : ''}
        </p>
      ) : null}
      {actionError && restoring === null && deleting === null ? (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-red-800">
          {actionError}
        </p>
      ) : null}
      {undoId ? (
        <p role="alert" data-testid="undo-offer" className="rounded bg-red-50 px-3 py-2 text-red-800">
          The restore did not leave the service healthy. The data from before is in undo backup {undoId}.{' '}
          {canRestore ? (
            <button
              type="button"
              className={button}
              onClick={() => setRestoring(list.find((b) => b.id === undoId) ?? null)}
            >
              Restore the undo backup
            </button>
          ) : null}
        </p>
      ) : null}
      {backups.isPending ? (
        <p className="text-zinc-500 dark:text-zinc-400">Loading backups…</p>
      ) : list.length === 0 ? (
        <p className="text-zinc-500 dark:text-zinc-400">No backups yet.</p>
      ) : (
        // a phone scrolls this table inside its box, never the page
        <div className="overflow-x-auto">
          <table className="w-full text-left text-xs" data-testid="backups-table">
            <thead className="text-zinc-500 dark:text-zinc-400">
              <tr>
                <th className="py-1 font-medium">Taken</th>
                <th className="py-1 font-medium">Kind</th>
                <th className="py-1 font-medium">Size</th>
                <th className="py-1 font-medium">Files</th>
                <th className="py-1 font-medium">Verified</th>
                <th className="py-1 font-medium" />
              </tr>
            </thead>
            <tbody>
              {list.map((b) => (
                <tr
                  key={b.id}
                  data-backup-id={b.id}
                  className="border-t border-zinc-100 dark:border-zinc-800"
                >
                  <td className="py-1 pr-2" title={b.id}>
                    <RelativeTime iso={b.createdAt} />
                  </td>
                  <td className="py-1 pr-2">{b.kind}</td>
                  <td className="py-1 pr-2" title={`${formatBytes(b.contentBytes)} of data`}>
                    {formatBytes(b.bytes)}
                  </td>
                  <td className="py-1 pr-2">{b.files}</td>
                  <td className="py-1 pr-2">
                    <VerifiedBadge backup={b} />
                  </td>
                  <td className="flex justify-end gap-1 py-1">
                    {canOperate ? (
                      <button
                        type="button"
                        className={button}
                        disabled={action.isPending}
                        onClick={() => run({ kind: 'verify', backupId: b.id })}
                      >
                        Verify
                      </button>
                    ) : null}
                    {canRestore ? (
                      <>
                        <a className={button} href={operationUrl(ops.backupsDownload, { id: b.id })} download>
                          Download
                        </a>
                        <button type="button" className={button} onClick={() => setRestoring(b)}>
                          Restore…
                        </button>
                        <button type="button" className={button} onClick={() => setDeleting(b)}>
                          Delete…
                        </button>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <RestoreDialog
        key={restoring?.id ?? 'none'}
        backup={restoring}
        busy={action.isPending}
        error={restoring ? actionError : null}
        onCancel={() => {
          setRestoring(null);
          action.reset();
        }}
        onConfirm={(choice) =>
          restoring &&
          run({ kind: 'restore', backupId: restoring.id, body: choice }, () => setRestoring(null))
        }
      />
      <ConfirmDialog
        open={deleting !== null}
        title="Delete backup"
        confirmLabel="Delete"
        busy={action.isPending}
        error={deleting ? actionError : null}
        onCancel={() => {
          setDeleting(null);
          action.reset();
        }}
        onConfirm={() => deleting && run({ kind: 'delete', backupId: deleting.id }, () => setDeleting(null))}
      >
        <p>
          Backup {deleting?.id} ({deleting ? formatBytes(deleting.bytes) : ''}) is removed from disk. This
          cannot be undone.
        </p>
      </ConfirmDialog>
      <JobDrawer jobId={jobId} onClose={() => setJobId(null)} />
    </section>
  );
}
