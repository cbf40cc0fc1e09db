import { canAdmin } from '@/lib/auth/permissions';
import { getToken, revokeToken } from '@/lib/auth/tokens';
import { ops } from '@/lib/contract';
import { notFound } from '@/lib/errors';
import { handle } from '@/lib/http/route';

export const DELETE = handle(ops.tokensRevoke, async ({ params, principal }) => {
  const token = getToken(params.id);
  // Someone else's token answers like a missing one: its existence is not theirs to learn.
  if (!principal || token.revokedAt || (!canAdmin(principal) && token.createdBy !== principal.id)) {
    throw notFound(`No token with id ${params.id}`);
  }
  revokeToken(params.id);
  return { ok: true };
});
