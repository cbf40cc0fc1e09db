import { startService } from '@/lib/actions';
import { actionRequest } from '@/lib/actions/routing';
import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const POST = handle(ops.servicesStart, async (input) => ({
  job: await startService(input.params.id, input.body, actionRequest(input)),
}));
