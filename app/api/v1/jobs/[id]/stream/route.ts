import { visibleJob } from '@/lib/actions/routing';
import { jobIdParams } from '@/lib/actions/schemas';
import { defineRoute } from '@/lib/http/route';
import { jobStream } from '@/lib/jobs/stream';

export const dynamic = 'force-dynamic';

export const GET = defineRoute(
  { name: 'jobs.stream', permission: 'read', params: jobIdParams },
  async ({ params, principal, request }) => jobStream(request, visibleJob(principal, params.id)),
);
