import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';
import { diskUsage } from '@/lib/images/disk';
import { assertHostWide } from '@/lib/images/host-wide';

export const dynamic = 'force-dynamic';

export const GET = handle(ops.systemDf, async ({ query, principal }) => {
  assertHostWide(principal);
  return diskUsage(query.host);
});
