import { loginCookieHeaders } from '@/lib/auth/cookies';
import { checkLoginOrigin } from '@/lib/auth/csrf';
import { login } from '@/lib/auth/login';
import { ops } from '@/lib/contract';
import { clientAddress } from '@/lib/http/request-info';
import { handle } from '@/lib/http/route';

// Audited inside `login` (not via `audit`) so the entry names the user who tried, not "anonymous".
export const POST = handle(ops.authLogin, async ({ body, request, requestId }) => {
  checkLoginOrigin(request);
  const { user, session } = await login({ ...body, address: clientAddress(request), requestId });
  const headers = loginCookieHeaders(request, session);
  return Response.json({ user, expiresAt: session.expiresAt.toISOString() }, { headers });
});
