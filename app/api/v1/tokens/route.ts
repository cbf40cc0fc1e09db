import { canAdmin, canMintScopes } from '@/lib/auth/permissions';
import { createToken, listTokens } from '@/lib/auth/tokens';
import { ops } from '@/lib/contract';
import { forbidden, unauthorized } from '@/lib/errors';
import { handle } from '@/lib/http/route';

// Both are `usersOnly`: the pipeline refuses token principals before these run.
export const GET = handle(ops.tokensList, async ({ principal }) => {
  if (!principal) throw unauthorized();
  // Admins see every token; everyone else sees the ones they minted.
  return { tokens: listTokens(canAdmin(principal) ? {} : { createdBy: principal.id }) };
});

export const POST = handle(ops.tokensCreate, async ({ body, principal }) => {
  if (!principal) throw unauthorized();
  if (!canMintScopes(principal, body.scopes)) {
    throw forbidden(`You can only mint scopes you hold yourself (${principal.scopes.join(', ')})`);
  }
  const { id, token, info } = createToken({ ...body, createdBy: principal.id });
  return { id, token, info };
});
