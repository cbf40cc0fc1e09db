import type { Principal } from './types';

/**
 * Resolves the principal of a request: `Authorization: Bearer` token, session cookie, or (when
 * configured) a trusted proxy header. Placeholder until the Access work lands: nobody is authenticated.
 */
export async function authenticate(_request: Request): Promise<Principal | null> {
  return null;
}
