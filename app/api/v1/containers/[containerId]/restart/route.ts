import { restartContainerAction } from '@/lib/actions';
import { containerTarget, idempotencyKey } from '@/lib/actions/routing';
import { restartBody } from '@/lib/actions/schemas';
import { defineRoute } from '@/lib/http/route';
import { containerIdParams } from '@/lib/logs/schemas';

export const dynamic = 'force-dynamic';

export const POST = defineRoute(
  {
    name: 'containers.restart',
    permission: 'operate',
    params: containerIdParams,
    body: restartBody,
    audit: 'container.restart',
    target: ({ params }) => containerTarget(params.containerId),
    status: 202,
  },
  async ({ params, body, principal, requestId, request }) => ({
    job: await restartContainerAction(params.containerId.toLowerCase(), body, {
      principal,
      requestId,
      idempotencyKey: idempotencyKey(request),
    }),
  }),
);
