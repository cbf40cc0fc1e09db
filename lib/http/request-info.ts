import { randomUUID } from 'node:crypto';
import { normaliseAddress, peerAddress, trustedProxies } from '@/lib/auth/peer';

/**
 * The client's address for the audit log and the login slow-down. The TCP peer (stamped by
 * scripts/start.mjs) is the client, unless it is one of OPSDECK_TRUSTED_PROXIES: then X-Forwarded-For
 * is walked from the right (the entries our proxies appended) and the first address that is not a
 * trusted proxy is the client. Without a stamped peer (`next dev`, route handlers called in-process)
 * nothing proves an address, so it is `unknown` rather than whatever a client claims.
 */
export function clientAddress(request: Request): string {
  const peer = peerAddress(request);
  if (!peer) return 'unknown';
  const trusted = trustedProxies();
  if (!trusted.has(normaliseAddress(peer))) return normaliseAddress(peer);
  const hops = (request.headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map(normaliseAddress)
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] as string;
    if (!trusted.has(hop)) return hop.slice(0, 100);
  }
  return hops[0]?.slice(0, 100) ?? normaliseAddress(peer);
}

/** The client's X-Request-Id (capped), else a new one: every answer can be traced. */
export function requestIdOf(value: string | string[] | undefined): string {
  const sent = typeof value === 'string' ? value.slice(0, 100) : '';
  return sent || randomUUID();
}
