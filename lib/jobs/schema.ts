import type { Migration } from '@/lib/store/migrations';

/** Jobs and deploy history (0200–0299). */
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
