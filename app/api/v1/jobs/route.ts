import { mayView } from '@/lib/actions/routing';
import { jobsQuery } from '@/lib/actions/schemas';
import { defineRoute } from '@/lib/http/route';
import { listJobs } from '@/lib/jobs/engine';

export const dynamic = 'force-dynamic';

export const GET = defineRoute(
  { name: 'jobs.list', permission: 'read', query: jobsQuery },
  async ({ query, principal }) => ({
    // A service-limited token sees the jobs of its services only.
    jobs: listJobs(query).filter((job) => mayView(principal, job.serviceId)),
  }),
);
