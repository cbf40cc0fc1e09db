import { getBackup } from '@/lib/backups/catalog';
import { deleteBackup } from '@/lib/backups/jobs';
import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const GET = handle(ops.backupsGet, async ({ params }) => ({ backup: getBackup(params.id) }));

/** Deleting a backup destroys data: admins only, within their service limits (the pipeline checks both). */
export const DELETE = handle(ops.backupsDelete, async ({ params }) => ({
  backup: await deleteBackup(params.id),
}));
