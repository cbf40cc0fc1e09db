import { peerAddress } from '@/lib/auth/proxy-auth';

/**
 * The client's address for the audit log and the login rate limit: the TCP peer stamped by
 * scripts/start.mjs. A client-sent X-Forwarded-For is used only where no peer was stamped (route
 * handlers called in-process by tests), since anyone can send one.
 */
export function clientAddress(request: Request): string {
  return peerAddress(request) ?? request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() ?? 'unknown';
}
