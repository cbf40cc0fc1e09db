import { listBackups } from '@/lib/backups/catalog';
import { startBackupJob } from '@/lib/backups/jobs';
import { jobRequest } from '@/lib/backups/route-support';
import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** Back up the service now: 202 with the job; its progress streams from /api/v1/jobs/{id}/stream. */
export const POST = handle(ops.backupsCreate, async (input) => ({
  job: await startBackupJob(input.params.id, jobRequest(input)),
}));

export const GET = handle(ops.backupsOfService, async ({ service }) => ({
  backups: listBackups({ serviceId: service.id }),
}));
