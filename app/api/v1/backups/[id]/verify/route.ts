import { startVerifyJob } from '@/lib/backups/jobs';
import { jobRequest } from '@/lib/backups/route-support';
import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const POST = handle(ops.backupsVerify, async (input) => ({
  job: await startVerifyJob(input.params.id, jobRequest(input)),
}));
