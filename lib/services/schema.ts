import { type Migration, ownedDb } from '@/lib/store/db';

/** The service timeline (0001), made the incident story (0400: kinds, severity, de-duplication). */
export const servicesMigrations: Migration[] = [
  {
    id: '0001_service_events',
    sql: `
      CREATE TABLE service_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        service_id TEXT NOT NULL,
        container_id TEXT,
        container_name TEXT,
        kind TEXT NOT NULL,
        message TEXT NOT NULL,
        attributes TEXT NOT NULL DEFAULT '{}',
        at TEXT NOT NULL
      );
      CREATE INDEX service_events_by_service ON service_events (service_id, seq DESC);
    `,
  },
  {
    // Engine actions become kind `container` (the action stays in attributes); jobs become the
    // incident kinds `deploy`, `backup` or `action`. `dedupe_key` lets the boot backfill and the
    // live stream record the same engine event once; `at` is indexed for "what changed since".
    id: '0400_incident_timeline',
    sql: `
      ALTER TABLE service_events ADD COLUMN severity TEXT NOT NULL DEFAULT 'info';
      ALTER TABLE service_events ADD COLUMN dedupe_key TEXT;
      CREATE UNIQUE INDEX service_events_dedupe ON service_events (dedupe_key) WHERE dedupe_key IS NOT NULL;
      CREATE INDEX service_events_by_at ON service_events (at DESC, seq DESC);
      CREATE INDEX service_events_by_service_at ON service_events (service_id, at DESC, seq DESC);
      UPDATE service_events SET kind = 'container'
        WHERE kind IN ('create','start','die','kill','oom','stop','restart','destroy','health_status','pause','unpause');
      UPDATE service_events SET kind = CASE json_extract(attributes, '$.jobKind')
          WHEN 'deploy' THEN 'deploy' WHEN 'rollback' THEN 'deploy'
          WHEN 'backup' THEN 'backup' WHEN 'verify' THEN 'backup' WHEN 'restore' THEN 'backup'
          ELSE 'action' END
        WHERE kind = 'job';
    `,
  },
];

/** The store with the timeline table in place: timeline writes and reads go through it. */
export const servicesDb = ownedDb('services', servicesMigrations);
