import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';
import { listJobs } from '@/lib/jobs/engine';

export const dynamic = 'force-dynamic';

export const GET = handle(ops.jobsList, async ({ query, visible }) => ({
  // A service-limited token sees the jobs of its services only.
  jobs: listJobs(query).filter((job) => visible(job.serviceId)),
}));
