import { canRestore } from '@/lib/auth/permissions';
import { startRestoreJob } from '@/lib/backups/jobs';
import { backupTarget, jobRequest } from '@/lib/backups/route-support';
import { backupIdParams, restoreBody } from '@/lib/backups/schemas';
import { forbidden } from '@/lib/errors';
import { defineRoute } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** Restore replaces data: admins only (`canRestore`), within their service limits. */
export const POST = defineRoute(
  {
    name: 'backups.restore',
    permission: 'admin',
    params: backupIdParams,
    body: restoreBody,
    audit: 'backup.restore',
    target: ({ params }) => backupTarget(params.id),
    status: 202,
  },
  async (input) => {
    if (input.principal && input.target && !canRestore(input.principal, input.target)) throw forbidden();
    const { body } = input;
    const target =
      body.target === 'new-volume'
        ? { target: 'new-volume' as const, volumeName: body.volumeName ?? '' }
        : { target: 'in-place' as const };
    return { job: await startRestoreJob(input.params.id, target, jobRequest(input)) };
  },
);
