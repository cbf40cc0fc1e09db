import { type Migration, ownedDb } from '@/lib/store/db';

/** Users, sessions and tokens (0101–0103, 0500; the audit chain is 0104, in lib/audit). */
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
];

/** The store with the auth tables in place: every auth repository reads and writes through it. */
export const authDb = ownedDb('auth', authMigrations);
