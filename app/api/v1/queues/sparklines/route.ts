import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';
import { queueSparklines } from '@/lib/prometheus/series';
import { listDockerServices } from '@/lib/services';

export const dynamic = 'force-dynamic';

/** Every service's queue history in one Prometheus request, for the overview's sparklines. */
export const GET = handle(ops.queuesSparklines, async ({ query, visible }) =>
  // a service-limited token gets its services' series only
  queueSparklines(
    (await listDockerServices()).filter((s) => visible(s.id)),
    query.range,
  ),
);
