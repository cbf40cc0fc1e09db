import { unauthorized } from '@/lib/errors';
import { readCookie, SECURE_SESSION_COOKIE, SESSION_COOKIE, WALL_COOKIE } from './cookies';
import { principalFromProxy } from './proxy-auth';
import { principalForSession } from './sessions';
import { principalForToken } from './tokens';
import type { Principal } from './types';
import { ensureBootstrapAdmin } from './users';

/**
 * Resolves the principal of a request, in order: `Authorization: Bearer` token, session cookie,
 * trusted proxy header (when configured), wall cookie. A Bearer header that does not resolve is a
 * 401 rather than a fallback to the cookie, so a script with a bad token learns so.
 */
export async function authenticate(request: Request): Promise<Principal | null> {
  await ensureBootstrapAdmin();
  const authorization = request.headers.get('authorization');
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    const principal = match?.[1] ? principalForToken(match[1]) : null;
    if (!principal) throw unauthorized('Invalid, expired or revoked API token');
    return principal;
  }
  return principalFromCookies(request.headers.get('cookie')) ?? principalFromProxy(request);
}

/**
 * Session cookie (the `__Host-` one written over HTTPS, else the plain one written over HTTP), else
 * the wall cookie. Pages call this through app/_lib/auth.ts.
 */
export function principalFromCookies(cookieHeader: string | null): Principal | null {
  const session = readCookie(cookieHeader, SECURE_SESSION_COOKIE) ?? readCookie(cookieHeader, SESSION_COOKIE);
  const user = session ? principalForSession(session) : null;
  if (user) return user;
  const wall = readCookie(cookieHeader, WALL_COOKIE);
  return wall ? wallPrincipal(wall) : null;
}

/**
 * A token carried by the wall cookie sits in a browser, so it is cut down to the display scope
 * whatever else it holds, and marked as an ambient (cookie) credential for the CSRF check.
 */
export function wallPrincipal(token: string): Principal | null {
  const principal = principalForToken(token);
  if (!principal?.scopes.includes('display')) return null;
  return { ...principal, scopes: ['display'], via: 'cookie' };
}
