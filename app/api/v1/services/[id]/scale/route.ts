import { scaleService } from '@/lib/actions';
import { actionRequest } from '@/lib/actions/routing';
import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const POST = handle(ops.servicesScale, async (input) => ({
  job: await scaleService(input.params.id, input.body, actionRequest(input)),
}));
