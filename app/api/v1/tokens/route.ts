import { canAdmin, canMintScopes } from '@/lib/auth/permissions';
import { createTokenBody } from '@/lib/auth/schemas';
import { createToken, listTokens } from '@/lib/auth/tokens';
import { forbidden } from '@/lib/errors';
import { defineRoute } from '@/lib/http/route';

const USERS_ONLY = 'API tokens are managed by logged-in users, not by other tokens';

export const GET = defineRoute({ name: 'tokens.list', permission: 'read' }, async ({ principal }) => {
  if (!principal || principal.kind === 'token') throw forbidden(USERS_ONLY);
  // Admins see every token; everyone else sees the ones they minted.
  return { tokens: listTokens(canAdmin(principal) ? {} : { createdBy: principal.id }) };
});

export const POST = defineRoute(
  { name: 'tokens.create', permission: 'read', body: createTokenBody, audit: 'tokens.create', status: 201 },
  async ({ body, principal }) => {
    if (!principal || principal.kind === 'token') throw forbidden(USERS_ONLY);
    if (!canMintScopes(principal, body.scopes)) {
      throw forbidden(`You can only mint scopes you hold yourself (${principal.scopes.join(', ')})`);
    }
    const { id, token, info } = createToken({ ...body, createdBy: principal.id });
    return { id, token, info };
  },
);
