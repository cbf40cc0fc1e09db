import { defineRoute } from '@/lib/http/route';
import { serviceLogsResponse } from '@/lib/logs/route-support';
import { logsQuerySchema } from '@/lib/logs/schemas';
import { serviceLogSource } from '@/lib/logs/targets';
import { getDockerService } from '@/lib/services';
import { serviceIdParams } from '@/lib/services/schemas';

export const dynamic = 'force-dynamic';

export const GET = defineRoute(
  { name: 'logs.service', permission: 'read', params: serviceIdParams, query: logsQuerySchema },
  async ({ params, query, principal, request }) => {
    const service = await getDockerService(params.id);
    return serviceLogsResponse(request, principal, service, serviceLogSource(service), query);
  },
);
