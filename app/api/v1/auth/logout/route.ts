import { clearCookieHeader, isHttps, SESSION_COOKIE, WALL_COOKIE } from '@/lib/auth/cookies';
import { deleteSession } from '@/lib/auth/sessions';
import { defineRoute } from '@/lib/http/route';

export const POST = defineRoute(
  { name: 'auth.logout', permission: 'authenticated', audit: 'auth.logout' },
  async ({ principal, request }) => {
    if (principal?.sessionId) deleteSession(principal.sessionId);
    const secure = isHttps(request);
    const headers = new Headers();
    headers.append('set-cookie', clearCookieHeader(SESSION_COOKIE, secure));
    headers.append('set-cookie', clearCookieHeader(WALL_COOKIE, secure));
    return Response.json({ ok: true }, { headers });
  },
);
