import { ops } from '@/lib/contract';
import { statsCollector } from '@/lib/docker-stats/collector';
import { statsSummaries } from '@/lib/docker-stats/service-stats';
import { handle } from '@/lib/http/route';
import { listDockerServices } from '@/lib/services';

export const dynamic = 'force-dynamic';

/** CPU and memory of the overview rows on screen; unknown or hidden services are left out. */
export const GET = handle(ops.statsList, async ({ query, visible }) => {
  const wanted = new Set(query.services);
  const services = (await listDockerServices()).filter((s) => wanted.has(s.id) && visible(s.id));
  return { services: statsSummaries(statsCollector(), services) };
});
