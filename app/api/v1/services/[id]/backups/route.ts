import { serviceTarget } from '@/lib/actions/routing';
import { listBackups } from '@/lib/backups/catalog';
import { startBackupJob } from '@/lib/backups/jobs';
import { jobRequest } from '@/lib/backups/route-support';
import { defineRoute } from '@/lib/http/route';
import { getDockerService } from '@/lib/services';
import { serviceIdParams } from '@/lib/services/schemas';

export const dynamic = 'force-dynamic';

/** Back up the service now: 202 with the job; its progress streams from /api/v1/jobs/{id}/stream. */
export const POST = defineRoute(
  {
    name: 'backups.create',
    permission: 'operate',
    params: serviceIdParams,
    audit: 'backup.create',
    target: ({ params }) => serviceTarget(params.id),
    status: 202,
  },
  async (input) => ({ job: await startBackupJob(input.params.id, jobRequest(input)) }),
);

export const GET = defineRoute(
  { name: 'backups.of-service', permission: 'read', params: serviceIdParams },
  async ({ params }) => {
    await getDockerService(params.id);
    return { backups: listBackups({ serviceId: params.id }) };
  },
);
