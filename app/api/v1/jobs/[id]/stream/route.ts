import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';
import { jobStream } from '@/lib/jobs/stream';

export const dynamic = 'force-dynamic';

export const GET = handle(ops.jobsStream, async ({ job, request }) => jobStream(request, job));
