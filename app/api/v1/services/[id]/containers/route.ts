import { defineRoute } from '@/lib/http/route';
import { getDockerService } from '@/lib/services';
import { serviceIdParams } from '@/lib/services/schemas';

export const dynamic = 'force-dynamic';

/** Full detail of a service's containers: ports, labels, the last health-check output. */
export const GET = defineRoute(
  { name: 'services.containers', permission: 'read', params: serviceIdParams },
  async ({ params }) => ({ containers: (await getDockerService(params.id)).containers }),
);
