import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';
import { assertHostWide } from '@/lib/images/host-wide';
import { prune, prunePreview } from '@/lib/images/prune';

export const dynamic = 'force-dynamic';

export const GET = handle(ops.systemPrunePreview, async ({ query, principal }) => {
  assertHostWide(principal);
  return prunePreview(query.host);
});

export const POST = handle(ops.systemPrune, async ({ query, body, principal }) => {
  assertHostWide(principal);
  return prune(query.host, body);
});
