import { type Migration, ownedDb } from '@/lib/store/db';

/** The hash-chained audit log (0104: numbered in the auth range, where it was first created). */
export const auditMigrations: Migration[] = [
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
  {
    // Keyed chains: rows from here on are HMAC'd (mac = 1); older rows keep their sha256 (mac = 0).
    // on_behalf_of: the user who minted the token that acted.
    id: '0105_audit_keyed',
    sql: `
      ALTER TABLE audit_log ADD COLUMN on_behalf_of TEXT;
      ALTER TABLE audit_log ADD COLUMN mac INTEGER NOT NULL DEFAULT 0;
    `,
  },
];

/** The store with the audit table in place: appends and queries go through it. */
export const auditDb = ownedDb('audit', auditMigrations);
