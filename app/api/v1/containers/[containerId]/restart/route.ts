import { restartContainerAction } from '@/lib/actions';
import { actionRequest } from '@/lib/actions/routing';
import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const POST = handle(ops.containersRestart, async (input) => ({
  job: await restartContainerAction(input.params.containerId.toLowerCase(), input.body, actionRequest(input)),
}));
