import { listBackups } from '@/lib/backups/catalog';
import { ensureBackupsSource } from '@/lib/backups/source';
import { uploadBackup } from '@/lib/backups/transfer';
import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const GET = handle(ops.backupsList, async ({ query, visible }) => {
  ensureBackupsSource();
  // a service-limited token lists the backups of its services only
  return {
    backups: listBackups({ serviceId: query.serviceId, limit: query.limit }).filter((b) =>
      visible(b.serviceId),
    ),
  };
});

/** Upload a backup tar (as downloaded): checked against its manifest before it is listed. */
export const POST = handle(ops.backupsUpload, async ({ query, request }) => ({
  backup: await uploadBackup(request, query.serviceId),
}));
