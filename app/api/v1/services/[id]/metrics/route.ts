import { defineRoute } from '@/lib/http/route';
import { rangeQuery, serviceSeries } from '@/lib/prometheus/series';
import { getDockerService } from '@/lib/services';
import { serviceIdParams } from '@/lib/services/schemas';

export const dynamic = 'force-dynamic';

/** The series of a service page: queue depth, metric tiles, CPU and memory. */
export const GET = defineRoute(
  { name: 'services.metrics', permission: 'read', params: serviceIdParams, query: rangeQuery },
  async ({ params, query }) => serviceSeries(await getDockerService(params.id), query.range),
);
