import { canAdmin } from '@/lib/auth/permissions';
import { idParams } from '@/lib/auth/schemas';
import { getToken, revokeToken } from '@/lib/auth/tokens';
import { forbidden, notFound } from '@/lib/errors';
import { defineRoute } from '@/lib/http/route';

export const DELETE = defineRoute(
  { name: 'tokens.revoke', permission: 'read', params: idParams, audit: 'tokens.revoke' },
  async ({ params, principal }) => {
    if (!principal || principal.kind === 'token') {
      throw forbidden('API tokens are managed by logged-in users, not by other tokens');
    }
    const token = getToken(params.id);
    // Someone else's token answers like a missing one: its existence is not theirs to learn.
    if (token.revokedAt || (!canAdmin(principal) && token.createdBy !== principal.id)) {
      throw notFound(`No token with id ${params.id}`);
    }
    revokeToken(params.id);
    return { ok: true };
  },
);
