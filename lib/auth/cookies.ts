import { trustedForwarded } from './peer';

/** Cookie names and the Set-Cookie values Opsdeck writes. */
export const SESSION_COOKIE = 'opsdeck_session';
/**
 * The session cookie over HTTPS: the `__Host-` prefix makes the browser refuse it unless it is Secure,
 * host-only and Path=/, so a sibling subdomain cannot plant or shadow it.
 */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

export const sessionCookieName = (secure: boolean) => (secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE);
/** Holds a display token after the `/wall?token=` exchange; only ever grants the display scope. */
export const WALL_COOKIE = 'opsdeck_wall';

export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return null;
    }
  }
  return null;
}

/** https as the browser sees it: directly, or behind a trusted proxy (OPSDECK_TRUSTED_PROXIES) that says so. */
export function isHttps(request: Request): boolean {
  const forwarded = trustedForwarded(request, 'x-forwarded-proto');
  if (forwarded) return forwarded === 'https';
  return new URL(request.url).protocol === 'https:';
}

export function setCookieHeader(
  name: string,
  value: string,
  options: { secure: boolean; maxAgeSeconds: number; path?: string },
): string {
  const parts = [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${options.path ?? '/'}`,
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
  ];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

export function clearCookieHeader(name: string, secure: boolean, path?: string): string {
  return setCookieHeader(name, '', { secure, maxAgeSeconds: 0, path });
}

/**
 * What a successful login (password or single sign-on) sets: the session cookie, and the end of any
 * display cookie the wall left in this browser.
 */
export function loginCookieHeaders(
  request: Request,
  session: { id: string; expiresAt: Date },
  headers = new Headers(),
): Headers {
  const secure = isHttps(request);
  headers.append(
    'set-cookie',
    setCookieHeader(sessionCookieName(secure), session.id, {
      secure,
      maxAgeSeconds: (session.expiresAt.getTime() - Date.now()) / 1000,
    }),
  );
  headers.append('set-cookie', clearCookieHeader(WALL_COOKIE, secure));
  return headers;
}
