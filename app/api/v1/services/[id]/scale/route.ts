import { scaleService } from '@/lib/actions';
import { idempotencyKey, serviceTarget } from '@/lib/actions/routing';
import { scaleBody } from '@/lib/actions/schemas';
import { defineRoute } from '@/lib/http/route';
import { serviceIdParams } from '@/lib/services/schemas';

export const dynamic = 'force-dynamic';

export const POST = defineRoute(
  {
    name: 'services.scale',
    permission: 'operate',
    params: serviceIdParams,
    body: scaleBody,
    audit: 'service.scale',
    target: ({ params }) => serviceTarget(params.id),
    status: 202,
  },
  async ({ params, body, principal, requestId, request }) => ({
    job: await scaleService(params.id, body, {
      principal,
      requestId,
      idempotencyKey: idempotencyKey(request),
    }),
  }),
);
