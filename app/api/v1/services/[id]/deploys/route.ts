import { deploysView } from '@/lib/actions/deploys-view';
import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export const GET = handle(ops.servicesDeploys, async ({ service, query }) =>
  deploysView(service, query.limit),
);
