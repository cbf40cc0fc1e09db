import { deployService } from '@/lib/actions';
import { idempotencyKey, serviceTarget } from '@/lib/actions/routing';
import { deployBody } from '@/lib/actions/schemas';
import { defineRoute } from '@/lib/http/route';
import { serviceIdParams } from '@/lib/services/schemas';

export const dynamic = 'force-dynamic';

export const POST = defineRoute(
  {
    name: 'services.deploy',
    permission: 'operate',
    params: serviceIdParams,
    body: deployBody,
    audit: 'service.deploy',
    target: ({ params }) => serviceTarget(params.id),
    status: 202,
  },
  async ({ params, body, principal, requestId, request }) => ({
    job: await deployService(params.id, body, {
      principal,
      requestId,
      idempotencyKey: idempotencyKey(request),
    }),
  }),
);
