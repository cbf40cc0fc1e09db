import { clearCookieHeader, isHttps, SESSION_COOKIE, WALL_COOKIE } from '@/lib/auth/cookies';
import { deleteSession } from '@/lib/auth/sessions';
import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';

export const POST = handle(ops.authLogout, async ({ principal, request }) => {
  if (principal?.sessionId) deleteSession(principal.sessionId);
  const secure = isHttps(request);
  const headers = new Headers();
  headers.append('set-cookie', clearCookieHeader(SESSION_COOKIE, secure));
  headers.append('set-cookie', clearCookieHeader(WALL_COOKIE, secure));
  return Response.json({ ok: true }, { headers });
});
