import { defineRoute } from '@/lib/http/route';
import { getDockerService } from '@/lib/services';
import { eventsQuery, serviceIdParams } from '@/lib/services/schemas';
import { serviceTimeline } from '@/lib/services/service-timeline';

export const dynamic = 'force-dynamic';

export const GET = defineRoute(
  { name: 'services.events', permission: 'read', params: serviceIdParams, query: eventsQuery },
  async ({ params, query }) => {
    await getDockerService(params.id);
    return { events: serviceTimeline(params.id, query.limit) };
  },
);
