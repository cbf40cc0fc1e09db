import { jobIdParams } from '@/lib/actions/schemas';
import { defineRoute } from '@/lib/http/route';
import { getJob } from '@/lib/jobs/engine';

export const dynamic = 'force-dynamic';

export const GET = defineRoute(
  { name: 'jobs.get', permission: 'read', params: jobIdParams },
  async ({ params }) => ({ job: getJob(params.id) }),
);
