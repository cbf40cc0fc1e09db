import { deployService } from '@/lib/actions';
import { actionRequest } from '@/lib/actions/routing';
import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const POST = handle(ops.servicesDeploy, async (input) => ({
  job: await deployService(input.params.id, input.body, actionRequest(input)),
}));
