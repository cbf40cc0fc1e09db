import { timingSafeEqual } from 'node:crypto';
import { env } from '@/lib/config/env';
import { logger } from '@/lib/log/logger';
import { roleScopes } from './permissions';
import type { Principal, Role } from './types';
import { findUserByName } from './users';

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
const normalise = normaliseAddress;

let warned = false;

/**
 * Trusted reverse-proxy auth, off unless OPSDECK_AUTH_PROXY_HEADER is set: the named header is
 * believed only from the allow-listed proxy addresses. The user's role is the local user's of the same
 * name (disabled users are refused); a name without a local user gets `viewer`.
 */
export function principalFromProxy(request: Request): Principal | null {
  const { OPSDECK_AUTH_PROXY_HEADER: header, OPSDECK_AUTH_PROXY_ADDRESSES: addresses } = env();
  if (!header) return null;
  const username = request.headers.get(header)?.trim();
  if (!username) return null;
  const allowed = (addresses ?? '')
    .split(',')
    .map((a) => normalise(a.trim()))
    .filter(Boolean);
  const peer = peerAddress(request);
  if (!peer || !allowed.includes(normalise(peer))) {
    if (!warned) {
      warned = true;
      logger().warn(
        { peer, header },
        'proxy auth header ignored: request did not come from an address in OPSDECK_AUTH_PROXY_ADDRESSES',
      );
    }
    return null;
  }
  if (username.length > 200) return null;
  // The users table compares names case-insensitively; a proxy's name must be the user's exactly, so
  // `ADMIN` from the proxy is not the local `admin`.
  const found = findUserByName(username);
  const local = found && found.username === username ? found : null;
  if (found && !local) {
    logger().warn(
      { username: username.slice(0, 200) },
      'proxy user name differs in case from a local user: refused',
    );
    return null;
  }
  if (local?.disabled) return null;
  const role: Role = local?.role ?? 'viewer';
  return {
    kind: 'proxy',
    id: local?.id ?? `proxy:${username}`,
    name: username,
    scopes: roleScopes[role],
    services: null,
    role,
    via: 'proxy',
  };
}
