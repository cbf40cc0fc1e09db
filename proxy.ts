import { type NextRequest, NextResponse } from 'next/server';
import { SESSION_COOKIE, WALL_COOKIE } from '@/lib/auth/cookies';
import {
  API_CSP,
  COMMON_HEADERS,
  pageCsp,
  parseFrameAncestors,
  safeNextPath,
  WALL_TOKEN_PATTERN,
} from '@/lib/auth/security-headers';

const WALL_COOKIE_MAX_AGE = 180 * 24 * 60 * 60;
/** Pages reachable without a session cookie; every page still checks the session itself. */
const OPEN_PAGES = new Set(['/login']);

/**
 * Runs before every page and API request: security headers, the per-request CSP nonce, the
 * `/wall?token=` exchange, and a cheap "no cookie at all → /login" redirect for pages. It only looks at
 * cookies' presence; real authentication happens in route handlers and pages (lib/auth).
 */
export function proxy(request: NextRequest) {
  const { pathname, searchParams } = request.nextUrl;
  const isApi = pathname.startsWith('/api/');
  const isWall = pathname === '/wall' || pathname.startsWith('/wall/');
  const https =
    (request.headers.get('x-forwarded-proto') ?? request.nextUrl.protocol.replace(':', '')) === 'https';

  if (isWall && searchParams.has('token')) return wallExchange(request, https);

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
  if (request.cookies.has(SESSION_COOKIE)) return true;
  if (isWall && request.cookies.has(WALL_COOKIE)) return true;
  // With trusted proxy auth the credential is a header only the server can judge.
  return Boolean(process.env.OPSDECK_AUTH_PROXY_HEADER);
}

/**
 * `/wall?token=opsdeck_…` → the token moves into an HttpOnly cookie and the address bar loses it.
 * The token is checked when used: a cookie-borne token only ever gets the display scope.
 */
function wallExchange(request: NextRequest, https: boolean): NextResponse {
  const params = new URLSearchParams(request.nextUrl.searchParams);
  const token = params.get('token') ?? '';
  params.delete('token');
  const rest = params.toString();
  const response = redirectTo(request, `${request.nextUrl.pathname}${rest ? `?${rest}` : ''}`);
  if (WALL_TOKEN_PATTERN.test(token)) {
    response.cookies.set(WALL_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: https,
      path: '/',
      maxAge: WALL_COOKIE_MAX_AGE,
    });
  }
  response.headers.set('cache-control', 'no-store');
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
    {
      source: '/((?!_next/static|_next/image|favicon.ico|icon.svg).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
