import { actionRequest } from '@/lib/actions/routing';
import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';
import { pullAndDeploy } from '@/lib/images';

export const dynamic = 'force-dynamic';

export const POST = handle(ops.servicesPullDeploy, async (input) => ({
  job: await pullAndDeploy(input.params.id, input.body, actionRequest(input)),
}));
