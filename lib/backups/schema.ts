import { type Migration, ownedDb } from '@/lib/store/db';

/** Backup catalog (0300–0399). A row exists only for a backup whose directory is complete on disk. */
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
];

/** The store with the backup catalog in place: the catalog goes through it. */
export const backupsDb = ownedDb('backups', backupsMigrations);
