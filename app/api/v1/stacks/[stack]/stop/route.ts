import { stackAction } from '@/lib/actions';
import { actionRequest } from '@/lib/actions/routing';
import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const POST = handle(ops.stacksStop, async (input) => ({
  job: await stackAction(input.params.stack, input.query.host, 'stop', input.body, actionRequest(input)),
}));
