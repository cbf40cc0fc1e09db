import { forbidden } from '@/lib/errors';
import { trustedForwarded } from './peer';
import type { Principal } from './types';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cookie-authenticated mutating requests must come from our own origin: route handlers get no CSRF
 * protection from the framework. Bearer-token requests carry no ambient credential and are exempt.
 */
export function checkCsrf(request: Request, principal: Principal): void {
  if (SAFE.has(request.method) || !isAmbientCredential(principal)) return;
  if (request.headers.get('sec-fetch-site') === 'same-origin') return;
  const origin = request.headers.get('origin');
  if (origin && origin === expectedOrigin(request)) return;
  throw forbidden('Cross-site request refused: Origin does not match this server');
}

/**
 * A WebSocket upgrade is a GET, which checkCsrf lets through, yet it opens a two-way channel with the
 * browser's cookies: a cross-site page could drive a terminal (cross-site WebSocket hijacking). With
 * an ambient credential, the Origin a browser always sends on an upgrade must be this server's own;
 * no Origin (not a browser) is refused too: scripts authenticate with a bearer token.
 */
export function checkUpgradeOrigin(request: Request, principal: Principal): void {
  if (!isAmbientCredential(principal)) return;
  const origin = request.headers.get('origin');
  if (origin && origin === expectedOrigin(request)) return;
  throw forbidden('Cross-site WebSocket refused: Origin does not match this server');
}

/**
 * For the login form (no principal yet): a browser POST always carries Origin, so a foreign one is
 * refused — a cross-site page must not log the victim into an attacker's account. Scripts send none.
 */
export function checkLoginOrigin(request: Request): void {
  const origin = request.headers.get('origin');
  if (!origin || request.headers.get('sec-fetch-site') === 'same-origin') return;
  if (origin !== expectedOrigin(request))
    throw forbidden('Cross-site request refused: Origin does not match this server');
}

/** Cookies and proxy headers ride along on cross-site requests; a bearer header never does. */
function isAmbientCredential(principal: Principal): boolean {
  if (principal.via) return principal.via !== 'bearer';
  return principal.kind !== 'token';
}

/** Forwarded host/proto count only from a trusted proxy (OPSDECK_TRUSTED_PROXIES). */
function expectedOrigin(request: Request): string {
  const url = new URL(request.url);
  const host = trustedForwarded(request, 'x-forwarded-host') ?? request.headers.get('host') ?? url.host;
  const proto = trustedForwarded(request, 'x-forwarded-proto') ?? url.protocol.replace(':', '');
  return `${proto}://${host}`;
}
