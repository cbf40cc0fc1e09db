import { stopService } from '@/lib/actions';
import { actionRequest } from '@/lib/actions/routing';
import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const POST = handle(ops.servicesStop, async (input) => ({
  job: await stopService(input.params.id, input.body, actionRequest(input)),
}));
