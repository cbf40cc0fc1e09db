import { serviceTarget } from '@/lib/actions/routing';
import { listBackups } from '@/lib/backups/catalog';
import { listBackupsQuery, uploadQuery } from '@/lib/backups/schemas';
import { ensureBackupsSource } from '@/lib/backups/source';
import { uploadBackup } from '@/lib/backups/transfer';
import { defineRoute } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const GET = defineRoute(
  { name: 'backups.list', permission: 'read', query: listBackupsQuery },
  async ({ query }) => {
    ensureBackupsSource();
    return { backups: listBackups({ serviceId: query.serviceId, limit: query.limit }) };
  },
);

/** Upload a backup tar (as downloaded): checked against its manifest before it is listed. */
export const POST = defineRoute(
  {
    name: 'backups.upload',
    permission: 'operate',
    query: uploadQuery,
    audit: 'backup.upload',
    target: ({ query }) => (query.serviceId ? serviceTarget(query.serviceId) : undefined),
    status: 201,
  },
  async ({ query, request }) => ({ backup: await uploadBackup(request, query.serviceId) }),
);
