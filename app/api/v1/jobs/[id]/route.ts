import { visibleJob } from '@/lib/actions/routing';
import { jobIdParams } from '@/lib/actions/schemas';
import { defineRoute } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const GET = defineRoute(
  { name: 'jobs.get', permission: 'read', params: jobIdParams },
  async ({ params, principal }) => ({ job: visibleJob(principal, params.id) }),
);
