import { canRestore } from '@/lib/auth/permissions';
import { getBackup } from '@/lib/backups/catalog';
import { deleteBackup } from '@/lib/backups/jobs';
import { backupTarget } from '@/lib/backups/route-support';
import { backupIdParams } from '@/lib/backups/schemas';
import { forbidden } from '@/lib/errors';
import { defineRoute } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const GET = defineRoute(
  { name: 'backups.get', permission: 'read', params: backupIdParams },
  async ({ params }) => ({ backup: getBackup(params.id) }),
);

/** Deleting a backup destroys data: admins only, within their service limits. */
export const DELETE = defineRoute(
  {
    name: 'backups.delete',
    permission: 'admin',
    params: backupIdParams,
    audit: 'backup.delete',
    target: ({ params }) => backupTarget(params.id),
  },
  async ({ params, principal, target }) => {
    if (principal && target && !canRestore(principal, target)) throw forbidden();
    return { backup: deleteBackup(params.id) };
  },
);
