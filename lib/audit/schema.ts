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
];

/** The store with the audit table in place: appends and queries go through it. */
export const auditDb = ownedDb('audit', auditMigrations);
