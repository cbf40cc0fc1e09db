import { RelativeTime } from '@/components/ui/relative-time';
import type { Backup } from '@/lib/backups/schemas';

/** Verified / verify failed / not verified, with when and why as text (never HTML). */
export function VerifiedBadge({ backup }: { backup: Backup }) {
  if (backup.status === 'verified')
    return (
      <span className="text-emerald-700 dark:text-emerald-400" title={backup.verifyMessage ?? ''}>
        verified <RelativeTime iso={backup.verifiedAt} />
      </span>
    );
  if (backup.status === 'verify_failed')
    return (
      <span
        className="text-red-700 dark:text-red-400"
        title={backup.verifyMessage ?? ''}
        data-testid="verify-failed"
      >
        verify failed <RelativeTime iso={backup.verifiedAt} />
      </span>
    );
  return <span className="text-zinc-500 dark:text-zinc-400">not verified</span>;
}
