import { jobsQuery } from '@/lib/actions/schemas';
import { defineRoute } from '@/lib/http/route';
import { listJobs } from '@/lib/jobs/engine';

export const dynamic = 'force-dynamic';

export const GET = defineRoute(
  { name: 'jobs.list', permission: 'read', query: jobsQuery },
  async ({ query }) => ({ jobs: listJobs(query) }),
);
