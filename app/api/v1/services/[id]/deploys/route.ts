import { deploysView } from '@/lib/actions/deploys-view';
import { serviceTarget } from '@/lib/actions/routing';
import { deploysQuery } from '@/lib/actions/schemas';
import { defineRoute } from '@/lib/http/route';
import { getDockerService } from '@/lib/services';
import { serviceIdParams } from '@/lib/services/schemas';

export const dynamic = 'force-dynamic';

export const GET = defineRoute(
  {
    name: 'services.deploys',
    permission: 'read',
    params: serviceIdParams,
    query: deploysQuery,
    target: ({ params }) => serviceTarget(params.id),
  },
  async ({ params, query }) => deploysView(await getDockerService(params.id), query.limit),
);
