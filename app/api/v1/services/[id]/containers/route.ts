import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** Full detail of a service's containers: ports, labels, the last health-check output. */
export const GET = handle(ops.servicesContainers, async ({ service }) => ({
  containers: service.containers,
}));
