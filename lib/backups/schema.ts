import { type Migration, ownedDb } from '@/lib/store/db';

/** Backup catalog (0300–0399), schedules (0600–0699). A row exists only for a backup whose directory is complete on disk. */
export const backupsMigrations: Migration[] = [
  {
    id: '0300_backups',
    sql: `
      CREATE TABLE backups (
        id TEXT PRIMARY KEY,
        service_id TEXT NOT NULL,
        host TEXT NOT NULL,
        stack TEXT NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        created_at TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        content_bytes INTEGER NOT NULL,
        files INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        volumes TEXT NOT NULL,
        verified_at TEXT,
        verify_status TEXT,
        verify_message TEXT,
        undo_of TEXT,
        job_id TEXT
      );
      CREATE INDEX backups_service_created ON backups (service_id, created_at DESC);
    `,
  },
  {
    // schedules set in the console/API (they win over the labels), and what the scheduler last did
    id: '0600_backup_schedules',
    sql: `
      CREATE TABLE backup_schedules (
        service_id TEXT PRIMARY KEY,
        cron TEXT NOT NULL,
        timezone TEXT NOT NULL,
        jitter_ms INTEGER NOT NULL,
        verify_cron TEXT,
        updated_by TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE backup_schedule_state (
        service_id TEXT NOT NULL,
        what TEXT NOT NULL,
        last_slot TEXT NOT NULL,
        last_job_id TEXT,
        note TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (service_id, what)
      );
    `,
  },
  {
    // how long the restore test took, for "last verified restore: 2 days ago, 14 s"
    id: '0601_backups_verify_ms',
    sql: 'ALTER TABLE backups ADD COLUMN verify_ms INTEGER;',
  },
];

/** The store with the backup catalog in place: the catalog goes through it. */
export const backupsDb = ownedDb('backups', backupsMigrations);
