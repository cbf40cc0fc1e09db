import { type Migration, ownedDb } from '@/lib/store/db';

/** Jobs (0200; deploy history, 0201, is lib/actions'). */
export const jobsMigrations: Migration[] = [
  {
    id: '0200_jobs',
    sql: `
      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        service_id TEXT NOT NULL,
        lock_key TEXT NOT NULL,
        params TEXT NOT NULL DEFAULT 'null',
        status TEXT NOT NULL,
        steps TEXT NOT NULL DEFAULT '[]',
        progress REAL NOT NULL DEFAULT 0,
        progress_detail TEXT,
        error TEXT,
        results TEXT NOT NULL DEFAULT '[]',
        actor TEXT NOT NULL,
        request_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        idempotency_key TEXT
      );
      CREATE INDEX jobs_by_service ON jobs (service_id, created_at DESC);
      CREATE INDEX jobs_by_status ON jobs (status);
      CREATE INDEX jobs_by_lock ON jobs (lock_key, status);
      CREATE UNIQUE INDEX jobs_idempotency ON jobs (actor, idempotency_key) WHERE idempotency_key IS NOT NULL;
    `,
  },
];

/** The store with the jobs table in place: the engine and the job repository go through it. */
export const jobsDb = ownedDb('jobs', jobsMigrations);
