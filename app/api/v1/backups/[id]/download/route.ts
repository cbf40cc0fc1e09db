import { backupTarget } from '@/lib/backups/route-support';
import { backupIdParams } from '@/lib/backups/schemas';
import { downloadBackup } from '@/lib/backups/transfer';
import { defineRoute } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** The backup as one tar (manifest.json + archives), streamed; the same format upload takes. */
export const GET = defineRoute(
  {
    name: 'backups.download',
    permission: 'operate',
    params: backupIdParams,
    audit: 'backup.download',
    target: ({ params }) => backupTarget(params.id),
  },
  async ({ params }) => downloadBackup(params.id),
);
