import {
  clearCookieHeader,
  isHttps,
  SECURE_SESSION_COOKIE,
  SESSION_COOKIE,
  WALL_COOKIE,
} from '@/lib/auth/cookies';
import { deleteSession } from '@/lib/auth/sessions';
import { ops } from '@/lib/contract';
import { handle } from '@/lib/http/route';

export const POST = handle(ops.authLogout, async ({ principal, request }) => {
  if (principal?.sessionId) deleteSession(principal.sessionId);
  const secure = isHttps(request);
  const headers = new Headers();
  headers.append('set-cookie', clearCookieHeader(SESSION_COOKIE, secure));
  // a __Host- cookie can only be cleared by a Secure Set-Cookie
  if (secure) headers.append('set-cookie', clearCookieHeader(SECURE_SESSION_COOKIE, true));
  headers.append('set-cookie', clearCookieHeader(WALL_COOKIE, secure));
  return Response.json({ ok: true }, { headers });
});
