import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const GET = handle(ops.jobsGet, async ({ job }) => ({ job }));
