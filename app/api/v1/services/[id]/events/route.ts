import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';
import { serviceTimeline } from '@/lib/services/service-timeline';

export const dynamic = 'force-dynamic';

export const GET = handle(ops.servicesEvents, async ({ service, query }) => ({
  events: serviceTimeline(service.id, query.limit),
}));
