import { defineRoute } from '@/lib/http/route';
import { queueSparklines, rangeQuery } from '@/lib/prometheus/series';
import { listDockerServices } from '@/lib/services';

export const dynamic = 'force-dynamic';

/** Every service's queue history in one Prometheus request, for the overview's sparklines. */
export const GET = defineRoute(
  { name: 'queues.sparklines', permission: 'wall', query: rangeQuery },
  async ({ query }) => queueSparklines(await listDockerServices(), query.range),
);
