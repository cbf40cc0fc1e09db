import { type NextRequest, NextResponse } from 'next/server';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE, WALL_COOKIE } from '@/lib/auth/cookies';
import {
  API_CSP,
  COMMON_HEADERS,
  pageCsp,
  parseFrameAncestors,
  safeNextPath,
} from '@/lib/auth/security-headers';

/** Pages reachable without a session cookie; every page still checks the session itself. */
const OPEN_PAGES = new Set(['/login', '/wall/connect']);

/**
 * Runs before every page and API request (prefetches included: a `Purpose: prefetch` header must not
 * skip the security headers): security headers, the per-request CSP nonce, and a cheap "no cookie at
 * all → /login" redirect for pages (`/wall` → `/wall/connect`, which takes a display token from the
 * URL fragment). It only looks at cookies' presence; real authentication happens in route handlers
 * and pages (lib/auth).
 */
export function proxy(request: NextRequest) {
  const { pathname, searchParams } = request.nextUrl;
  const isApi = pathname.startsWith('/api/');
  const isWall = pathname === '/wall' || pathname.startsWith('/wall/');

  if (isWall && searchParams.has('token')) return refuseUrlToken(request);

  if (pathname === '/wall' && !hasCredential(request, true)) {
    // The browser carries `#token=…` over this redirect; the connect page posts it.
    return withHeaders(redirectTo(request, '/wall/connect'), API_CSP);
  }

  if (!isApi && !OPEN_PAGES.has(pathname) && !hasCredential(request, isWall)) {
    const next = safeNextPath(`${pathname}${request.nextUrl.search}`);
    return withHeaders(redirectTo(request, `/login?next=${encodeURIComponent(next)}`), API_CSP);
  }

  if (isApi) return withHeaders(NextResponse.next(), API_CSP);

  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = pageCsp({
    nonce,
    dev: process.env.NODE_ENV === 'development',
    frameAncestors: isWall ? parseFrameAncestors(process.env.OPSDECK_WALL_FRAME_ANCESTORS) : [],
  });
  // Next reads the nonce from the request's CSP header and puts it on its own scripts.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('content-security-policy', csp);
  const response = withHeaders(NextResponse.next({ request: { headers: requestHeaders } }), csp);
  if (!isWall || parseFrameAncestors(process.env.OPSDECK_WALL_FRAME_ANCESTORS).length === 0) {
    response.headers.set('x-frame-options', 'DENY');
  }
  return response;
}

function hasCredential(request: NextRequest, isWall: boolean): boolean {
  if (request.cookies.has(SESSION_COOKIE) || request.cookies.has(SECURE_SESSION_COOKIE)) return true;
  if (isWall && request.cookies.has(WALL_COOKIE)) return true;
  // With trusted proxy auth the credential is a header only the server can judge.
  return Boolean(process.env.OPSDECK_AUTH_PROXY_HEADER);
}

/**
 * `/wall?token=…` put the token in a URL, which access logs, proxies and browser history keep: it is
 * no longer exchanged. The address loses it and the connect page says to use `/wall#token=…`.
 */
function refuseUrlToken(request: NextRequest): NextResponse {
  const response = redirectTo(request, '/wall/connect?reason=url-token');
  response.headers.set('cache-control', 'no-store');
  response.headers.set('referrer-policy', 'no-referrer');
  return withHeaders(response, API_CSP);
}

/** Next insists on an absolute Location; it is built from the request's own Host. */
function redirectTo(request: NextRequest, location: string): NextResponse {
  return NextResponse.redirect(new URL(location, request.url), 303);
}

function withHeaders(response: NextResponse, csp: string): NextResponse {
  for (const [name, value] of Object.entries(COMMON_HEADERS)) response.headers.set(name, value);
  response.headers.set('content-security-policy', csp);
  return response;
}

export const config = {
  matcher: [
    // No `missing` clause for prefetch headers: any client can send them, and they skipped this file.
    { source: '/((?!_next/static|_next/image|favicon.ico|icon.svg).*)' },
  ],
};
