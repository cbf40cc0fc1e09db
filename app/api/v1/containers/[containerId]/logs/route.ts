import { defineRoute } from '@/lib/http/route';
import { serviceLogsResponse } from '@/lib/logs/route-support';
import { containerIdParams, logsQuerySchema } from '@/lib/logs/schemas';
import { containerLogSource } from '@/lib/logs/targets';

export const dynamic = 'force-dynamic';

export const GET = defineRoute(
  { name: 'logs.container', permission: 'read', params: containerIdParams, query: logsQuerySchema },
  async ({ params, query, principal, request }) => {
    const { service, source } = await containerLogSource(params.containerId.toLowerCase());
    return serviceLogsResponse(request, principal, service, source, query);
  },
);
