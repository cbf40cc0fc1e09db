'use client';

import { formatAge, RelativeTime } from '@/components/ui/relative-time';
import type { Service } from '@/lib/services/types';

type BackupInfo = Service['backup'];

function seconds(ms: number | null): string {
  if (ms === null) return '';
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

const tones = {
  ok: ['text-emerald-700 dark:text-emerald-400', 'text-emerald-400'],
  failed: ['text-red-700 dark:text-red-400', 'text-red-400'],
} as const;

/**
 * "last verified restore: 2d ago, 14 s, checks passed" — the newest restore test of a service,
 * from `service.backup`. Read-only (the wall shows it too): no action here.
 */
export function LastVerifiedRestore({
  backup,
  className = '',
  onDark = false,
}: {
  backup: BackupInfo;
  className?: string;
  /** On the wall's always-dark tiles: the light theme's tones would not be readable there. */
  onDark?: boolean;
}) {
  if (!backup.lastVerifiedAt)
    return (
      <span
        className={`${onDark ? 'text-zinc-400' : 'text-zinc-600 dark:text-zinc-400'} ${className}`}
        data-testid="last-verified-restore"
        data-state="never"
      >
        no restore test yet
      </span>
    );
  const ok = backup.lastVerifyOk === true;
  return (
    <span
      className={`${ok ? tones.ok[onDark ? 1 : 0] : tones.failed[onDark ? 1 : 0]} ${className}`}
      data-testid="last-verified-restore"
      data-state={ok ? 'passed' : 'failed'}
    >
      last verified restore: <RelativeTime iso={backup.lastVerifiedAt} />
      {backup.lastVerifyMs !== null ? `, ${seconds(backup.lastVerifyMs)}` : ''},{' '}
      {ok ? 'checks passed' : 'FAILED'}
    </span>
  );
}

/** The overview row's backup cell: age of the newest backup, and the restore test in short. */
export function BackupAgeCell({ backup }: { backup: BackupInfo }) {
  if (!backup.lastAt && !backup.schedule) return null;
  const title = [
    backup.lastAt ? `last backup ${backup.lastAt}` : 'no backup yet',
    backup.lastVerifiedAt
      ? `last restore test ${backup.lastVerifiedAt} (${backup.lastVerifyOk ? 'passed' : 'failed'}${backup.lastVerifyMs !== null ? `, ${seconds(backup.lastVerifyMs)}` : ''})`
      : 'no restore test yet',
    backup.schedule ? `schedule ${backup.schedule.cron} (${backup.schedule.timezone})` : null,
  ]
    .filter(Boolean)
    .join('\n');
  const verifyMark = backup.lastVerifyOk === null ? '' : backup.lastVerifyOk ? ' ✓' : ' ✗';
  return (
    <span
      className="whitespace-nowrap text-xs text-zinc-600 dark:text-zinc-400"
      title={title}
      data-testid="backup-age"
    >
      backup {backup.lastAt ? <RelativeTime iso={backup.lastAt} /> : 'never'}
      <span className={backup.lastVerifyOk === false ? 'text-red-600' : 'text-emerald-600'}>
        {verifyMark}
      </span>
    </span>
  );
}

/** The service page's summary: newest backup, restore test, schedule and next run. */
export function BackupStateSummary({ backup }: { backup: BackupInfo }) {
  const s = backup.schedule;
  return (
    <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm" data-testid="backup-state">
      <span>
        last backup: <RelativeTime iso={backup.lastAt} />
      </span>
      <LastVerifiedRestore backup={backup} />
      {s ? (
        <span className="text-zinc-500 dark:text-zinc-400">
          schedule <span className="font-mono">{s.cron}</span> ({s.timezone}, {s.source})
          {s.nextAt ? (
            <span suppressHydrationWarning>; next in {formatAge(Date.parse(s.nextAt) - Date.now())}</span>
          ) : null}
        </span>
      ) : null}
    </p>
  );
}
