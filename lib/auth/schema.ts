import type { Migration } from '@/lib/store/migrations';

/** Users, sessions, tokens and the audit chain (0100–0199). */
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
    id: '0104_audit_log',
    sql: `
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        actor_kind TEXT NOT NULL,
        address TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        service_id TEXT,
        params TEXT NOT NULL,
        result TEXT NOT NULL,
        request_id TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE INDEX audit_log_by_service ON audit_log (service_id, seq DESC);
      CREATE INDEX audit_log_by_action ON audit_log (action, seq DESC);
    `,
  },
];
