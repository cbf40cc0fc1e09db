import { startRestoreJob } from '@/lib/backups/jobs';
import { jobRequest } from '@/lib/backups/route-support';
import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** Restore replaces data: admins only, within their service limits (the pipeline checks both). */
export const POST = handle(ops.backupsRestore, async (input) => {
  const { body } = input;
  const target =
    body.target === 'new-volume'
      ? { target: 'new-volume' as const, volumeName: body.volumeName ?? '' }
      : { target: 'in-place' as const, undo: body.undo ?? true };
  return { job: await startRestoreJob(input.params.id, target, jobRequest(input)) };
});
