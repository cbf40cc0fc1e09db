import { env } from '@/lib/config/env';
import { logger } from '@/lib/log/logger';
import { normaliseAddress, peerAddress } from './peer';
import { scopesOfRole } from './role-scopes';
import type { Principal, Role } from './types';
import { findUserByName } from './users';

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
    scopes: scopesOfRole(role),
    services: null,
    role,
    via: 'proxy',
  };
}
