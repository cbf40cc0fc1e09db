import { startVerifyJob } from '@/lib/backups/jobs';
import { backupTarget, jobRequest } from '@/lib/backups/route-support';
import { backupIdParams } from '@/lib/backups/schemas';
import { defineRoute } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const POST = defineRoute(
  {
    name: 'backups.verify',
    permission: 'operate',
    params: backupIdParams,
    audit: 'backup.verify',
    target: ({ params }) => backupTarget(params.id),
    status: 202,
  },
  async (input) => ({ job: startVerifyJob(input.params.id, jobRequest(input)) }),
);
