'use client';

import { useState } from 'react';
import { ConfirmDialog } from '@/components/actions/confirm-dialog';
import type { Backup } from '@/lib/backups/schemas';

export type RestoreChoice =
  | { target: 'in-place'; undo?: false }
  | { target: 'new-volume'; volumeName: string };

export interface RestoreDialogProps {
  backup: Backup | null;
  busy: boolean;
  error: string | null;
  onConfirm: (choice: RestoreChoice) => void;
  onCancel: () => void;
}

const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{1,200}$/;

/** Names exactly what a restore replaces before anything is replaced. */
export function RestoreDialog({ backup, busy, error, onConfirm, onCancel }: RestoreDialogProps) {
  const [target, setTarget] = useState<'in-place' | 'new-volume'>('in-place');
  const [volumeName, setVolumeName] = useState('');
  // Skipping the undo backup makes a restore of a large volume much faster, and leaves no way back.
  const [skipUndo, setSkipUndo] = useState(false);
  const nameOk = VOLUME_NAME.test(volumeName);
  const service = backup ? `${backup.service.stack}/${backup.service.name}` : '';
  return (
    <ConfirmDialog
      open={backup !== null}
      title={`Restore backup ${backup?.id ?? ''}`}
      confirmLabel={target === 'in-place' ? `Replace data of ${service}` : 'Restore into new volume'}
      busy={busy}
      error={error}
      confirmDisabled={target === 'new-volume' && !nameOk}
      onConfirm={() =>
        onConfirm(
          target === 'in-place' ? (skipUndo ? { target, undo: false } : { target }) : { target, volumeName },
        )
      }
      onCancel={onCancel}
    >
      <fieldset className="flex flex-col gap-2">
        <label className="flex gap-2">
          <input
            type="radio"
            name="restore-target"
            checked={target === 'in-place'}
            onChange={() => setTarget('in-place')}
          />
          In place: replace the service's data
        </label>
        <label className="flex gap-2">
          <input
            type="radio"
            name="restore-target"
            checked={target === 'new-volume'}
            onChange={() => setTarget('new-volume')}
          />
          Into a new volume (the service is not touched)
        </label>
      </fieldset>
      {target === 'in-place' && backup ? (
        <div data-testid="restore-replaces">
          <p>
            <strong>{service}</strong> is stopped, and the current contents of these are{' '}
            <strong>deleted and replaced</strong> with the backup from{' '}
            {new Date(backup.createdAt).toLocaleString()}:
          </p>
          <ul className="list-disc pl-5 font-mono text-xs">
            {backup.volumes.map((v) => (
              <li key={`${v.type}:${v.source}`}>
                {v.type} {v.source} → {v.destination}
              </li>
            ))}
          </ul>
          {skipUndo ? (
            <p className="font-semibold text-red-700 dark:text-red-400" data-testid="restore-no-undo">
              No undo backup is taken: the current data cannot be brought back.
            </p>
          ) : (
            <p>
              An undo backup of the current data is taken first; if the service does not come back healthy,
              you can restore it.
            </p>
          )}
          <label className="mt-2 flex gap-2">
            <input type="checkbox" checked={skipUndo} onChange={(e) => setSkipUndo(e.target.checked)} />
            Skip the undo backup (faster; no way back)
          </label>
        </div>
      ) : null}
      {target === 'new-volume' ? (
        <label className="flex flex-col gap-1">
          New volume name
          <input
            value={volumeName}
            onChange={(e) => setVolumeName(e.target.value)}
            placeholder="restored-data"
            aria-invalid={volumeName !== '' && !nameOk}
            className="rounded border border-zinc-300 px-2 py-1 font-mono dark:border-zinc-600 dark:bg-zinc-800"
          />
        </label>
      ) : null}
    </ConfirmDialog>
  );
}
