import { type Migration, ownedDb } from '@/lib/store/db';

/** Users, sessions and tokens (0101–0103, 0500, 0710; the audit chain is 0104, in lib/audit). */
export const authMigrations: Migration[] = [
  {
    id: '0101_users',
    sql: `
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
        created_at TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0
      );
    `,
  },
  {
    id: '0102_sessions',
    sql: `
      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX sessions_by_user ON sessions (user_id);
    `,
  },
  {
    id: '0103_tokens',
    sql: `
      CREATE TABLE tokens (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        secret_hash TEXT NOT NULL UNIQUE,
        scopes TEXT NOT NULL,
        services TEXT,
        created_by TEXT,
        created_at TEXT NOT NULL,
        expires_at TEXT,
        last_used_at TEXT,
        revoked_at TEXT
      );
    `,
  },
  {
    // the console's users page shows when each user last logged in
    id: '0500_users_last_login',
    sql: 'ALTER TABLE users ADD COLUMN last_login_at TEXT;',
  },
  {
    // OpenID Connect users (lib/auth/oidc): no password, known by issuer + subject. SQLite cannot
    // drop NOT NULL in place, so users is rebuilt. Dropping users would cascade into sessions (the
    // foreign keys are on), so the sessions are set aside first and put back: nobody is logged out.
    id: '0710_users_oidc',
    sql: `
      CREATE TEMP TABLE sessions_kept AS SELECT * FROM sessions;
      DROP TABLE sessions;
      CREATE TABLE users_new (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        password_hash TEXT,
        role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
        created_at TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        last_login_at TEXT,
        kind TEXT NOT NULL DEFAULT 'local' CHECK (kind IN ('local', 'oidc')),
        oidc_issuer TEXT,
        oidc_subject TEXT,
        UNIQUE (oidc_issuer, oidc_subject),
        -- a local user has a password and no identity elsewhere; an OIDC user the reverse, so a
        -- password login can never reach an OIDC account
        CHECK ((kind = 'local' AND password_hash IS NOT NULL AND oidc_issuer IS NULL AND oidc_subject IS NULL)
            OR (kind = 'oidc' AND password_hash IS NULL AND oidc_issuer IS NOT NULL AND oidc_subject IS NOT NULL))
      );
      INSERT INTO users_new (id, username, password_hash, role, created_at, disabled, last_login_at, kind)
        SELECT id, username, password_hash, role, created_at, disabled, last_login_at, 'local' FROM users;
      DROP TABLE users;
      ALTER TABLE users_new RENAME TO users;
      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX sessions_by_user ON sessions (user_id);
      INSERT INTO sessions (id_hash, user_id, created_at, expires_at)
        SELECT id_hash, user_id, created_at, expires_at FROM sessions_kept;
      DROP TABLE sessions_kept;
    `,
  },
];

/** The store with the auth tables in place: every auth repository reads and writes through it. */
export const authDb = ownedDb('auth', authMigrations);
