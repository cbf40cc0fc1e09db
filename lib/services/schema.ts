import { type Migration, ownedDb } from '@/lib/store/db';

/** The service timeline (0001). */
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
];

/** The store with the timeline table in place: timeline writes and reads go through it. */
export const servicesDb = ownedDb('services', servicesMigrations);
