import { restartService } from '@/lib/actions';
import { idempotencyKey, serviceTarget } from '@/lib/actions/routing';
import { restartBody } from '@/lib/actions/schemas';
import { defineRoute } from '@/lib/http/route';
import { serviceIdParams } from '@/lib/services/schemas';

export const dynamic = 'force-dynamic';

export const POST = defineRoute(
  {
    name: 'services.restart',
    permission: 'operate',
    params: serviceIdParams,
    body: restartBody,
    audit: 'service.restart',
    target: ({ params }) => serviceTarget(params.id),
    status: 202,
  },
  async ({ params, body, principal, requestId, request }) => ({
    job: await restartService(params.id, body, {
      principal,
      requestId,
      idempotencyKey: idempotencyKey(request),
    }),
  }),
);
