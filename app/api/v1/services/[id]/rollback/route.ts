import { rollbackService } from '@/lib/actions';
import { idempotencyKey, serviceTarget } from '@/lib/actions/routing';
import { rollbackBody } from '@/lib/actions/schemas';
import { defineRoute } from '@/lib/http/route';
import { serviceIdParams } from '@/lib/services/schemas';

export const dynamic = 'force-dynamic';

export const POST = defineRoute(
  {
    name: 'services.rollback',
    permission: 'operate',
    params: serviceIdParams,
    body: rollbackBody,
    audit: 'service.rollback',
    target: ({ params }) => serviceTarget(params.id),
    status: 202,
  },
  async ({ params, body, principal, requestId, request }) => ({
    job: await rollbackService(params.id, body, {
      principal,
      requestId,
      idempotencyKey: idempotencyKey(request),
    }),
  }),
);
