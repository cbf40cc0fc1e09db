import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';
import { serviceLogsResponse } from '@/lib/logs/route-support';
import { containerLogSource } from '@/lib/logs/targets';

export const dynamic = 'force-dynamic';

export const GET = handle(ops.logsContainer, async ({ params, query, service, request }) => {
  const { source } = await containerLogSource(params.containerId.toLowerCase());
  return serviceLogsResponse(request, service, source, query);
});
