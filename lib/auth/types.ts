export const roles = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof roles)[number];

export const scopes = ['read', 'operate', 'admin', 'display'] as const;
export type Scope = (typeof scopes)[number];

/** Who is making a request, after authentication. */
export interface Principal {
  kind: 'user' | 'token' | 'proxy';
  /** user id or token id */
  id: string;
  /** user name, or token name; what the audit log shows as the actor */
  name: string;
  /** the effective scopes: a user's role expanded, or a token's own scopes */
  scopes: readonly Scope[];
  /**
   * Services this principal may act on, as service ids, `stack/service` or `stack` names.
   * null: no restriction.
   */
  services: readonly string[] | null;
  role?: Role;
  sessionId?: string;
}

/** What a route declares it needs. */
export const permissions = ['public', 'authenticated', 'wall', 'read', 'operate', 'admin'] as const;
export type Permission = (typeof permissions)[number];
