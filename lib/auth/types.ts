export const roles = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof roles)[number];

/**
 * `exec` (a terminal or a command in a container) stands apart: no other scope implies it. Users hold
 * it through their role (OPSDECK_EXEC_ROLES, admins by default); a token only when minted with it.
 */
export const scopes = ['read', 'operate', 'admin', 'display', 'exec'] as const;
export type Scope = (typeof scopes)[number];

/** Who is making a request, after authentication. */
export interface Principal {
  kind: 'user' | 'token' | 'proxy';
  /** user id or token id */
  id: string;
  /**
   * What the audit log, jobs and idempotency keys record as the actor: the user name, or
   * `token:<id>` for a token (its free-form name could be anything, `admin` included).
   */
  name: string;
  /** a token's free-form name, for display only */
  label?: string;
  /** a token's creator (user id; null: minted by the system) */
  createdBy?: string | null;
  /** the effective scopes: a user's role expanded, or a token's own scopes */
  scopes: readonly Scope[];
  /**
   * Services this principal may act on, as service ids, `stack/service` or `stack` names.
   * null: no restriction.
   */
  services: readonly string[] | null;
  role?: Role;
  /** sha256 of the session id, for logout */
  sessionId?: string;
  /**
   * How the credential arrived. Ambient credentials (cookie, proxy header) need the CSRF check;
   * a bearer header cannot be sent cross-site. Absent: treated by kind (users as cookie).
   */
  via?: 'cookie' | 'bearer' | 'proxy';
}

/** What a route declares it needs. */
export const permissions = ['public', 'authenticated', 'wall', 'read', 'operate', 'admin', 'exec'] as const;
export type Permission = (typeof permissions)[number];
