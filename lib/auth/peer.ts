import { timingSafeEqual } from 'node:crypto';
import { env } from '@/lib/config/env';

/**
 * The TCP peer of the request. Next keeps a client-sent X-Forwarded-For, so that header cannot prove
 * where a request came from; the start script (scripts/start.mjs) overwrites this header with the
 * socket's remote address on every request, together with PEER_SECRET_HEADER holding a secret it
 * made for this boot (OPSDECK_PEER_SECRET). Under `next dev`/`next start` that variable is unset, so
 * a client-sent peer header is never believed.
 */
export const PEER_HEADER = 'x-opsdeck-peer';
export const PEER_SECRET_HEADER = 'x-opsdeck-peer-secret';

export function peerAddress(request: Request): string | null {
  const secret = env().OPSDECK_PEER_SECRET;
  if (!secret || secret.length < 32) return null;
  const sent = request.headers.get(PEER_SECRET_HEADER) ?? '';
  const a = Buffer.from(sent);
  const b = Buffer.from(secret);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
  return request.headers.get(PEER_HEADER)?.trim() || null;
}

export const normaliseAddress = (address: string) =>
  address
    .trim()
    .replace(/^::ffff:/, '')
    .toLowerCase();
/** OPSDECK_TRUSTED_PROXIES as a set of normalised addresses. */
export function trustedProxies(): Set<string> {
  return new Set((env().OPSDECK_TRUSTED_PROXIES ?? '').split(',').map(normaliseAddress).filter(Boolean));
}

/**
 * An `X-Forwarded-*` value (its first entry), believed only when the TCP peer is one of
 * OPSDECK_TRUSTED_PROXIES: from anyone else it is whatever the client chose to claim.
 */
export function trustedForwarded(
  request: Request,
  name: 'x-forwarded-proto' | 'x-forwarded-host',
): string | null {
  const peer = peerAddress(request);
  if (!peer || !trustedProxies().has(normaliseAddress(peer))) return null;
  return request.headers.get(name)?.split(',')[0]?.trim() || null;
}
