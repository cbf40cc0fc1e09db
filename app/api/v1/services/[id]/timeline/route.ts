import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';
import { queryTimeline } from '@/lib/services/timeline-query';

export const dynamic = 'force-dynamic';

export const GET = handle(ops.servicesTimeline, async ({ service, query }) =>
  queryTimeline({ serviceId: service.id, ...query }),
);
