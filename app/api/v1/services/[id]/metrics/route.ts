import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';
import { serviceSeries } from '@/lib/prometheus/series';

export const dynamic = 'force-dynamic';

/** The series of a service page: queue depth, metric tiles, CPU and memory. */
export const GET = handle(ops.servicesMetrics, async ({ service, query }) =>
  serviceSeries(service, query.range),
);
