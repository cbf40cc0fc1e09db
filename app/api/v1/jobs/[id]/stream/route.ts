import { jobIdParams } from '@/lib/actions/schemas';
import { defineRoute } from '@/lib/http/route';
import { getJob } from '@/lib/jobs/engine';
import { jobStream } from '@/lib/jobs/stream';

export const dynamic = 'force-dynamic';

export const GET = defineRoute(
  { name: 'jobs.stream', permission: 'read', params: jobIdParams },
  async ({ params, request }) => jobStream(request, getJob(params.id)),
);
