import { ops } from '@/lib/contract';
import { statsCollector } from '@/lib/docker-stats/collector';
import { serviceStats } from '@/lib/docker-stats/service-stats';
import { handle } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** CPU, memory, network and block IO of a service's replicas and their sum, from the stats streams. */
export const GET = handle(ops.servicesStats, async ({ service }) => serviceStats(statsCollector(), service));
