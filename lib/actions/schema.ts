import { type Migration, ownedDb } from '@/lib/store/db';

/** Deploy history (0201: numbered in the jobs range, where it was first created). */
export const actionsMigrations: Migration[] = [
  {
    id: '0201_deploys',
    sql: `
      CREATE TABLE deploys (
        id TEXT PRIMARY KEY,
        service_id TEXT NOT NULL,
        image TEXT NOT NULL,
        image_id TEXT NOT NULL,
        config_hash TEXT,
        container_id TEXT,
        actor TEXT,
        job_id TEXT,
        at TEXT NOT NULL
      );
      CREATE INDEX deploys_by_service ON deploys (service_id, at DESC);
    `,
  },
];

/** The store with the deploys table in place: deploy history goes through it. */
export const actionsDb = ownedDb('actions', actionsMigrations);
