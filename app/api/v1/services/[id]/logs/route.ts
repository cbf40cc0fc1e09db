import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';
import { serviceLogsResponse } from '@/lib/logs/route-support';
import { serviceLogSource } from '@/lib/logs/targets';

export const dynamic = 'force-dynamic';

export const GET = handle(ops.logsService, async ({ service, query, request }) =>
  serviceLogsResponse(request, service, serviceLogSource(service), query),
);
