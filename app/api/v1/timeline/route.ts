import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';
import { whatChanged } from '@/lib/services/changes';

export const dynamic = 'force-dynamic';

export const GET = handle(ops.timelineChanges, async ({ query, visible }) =>
  whatChanged({ ...query, visible }),
);
