import { authMigrations } from '@/lib/auth/schema';
import { backupsMigrations } from '@/lib/backups/schema';
import { jobsMigrations } from '@/lib/jobs/schema';
import { coreMigrations } from './schema';

export interface Migration {
  /** Numbered and ordered: `0001_events`. Each module owns its own number range. */
  id: string;
  sql: string;
}

/**
 * All migrations in the order they apply. Ranges: 0001–0099 core, 0100–0199 auth/audit,
 * 0200–0299 jobs/deploys, 0300–0399 backups.
 */
export const migrations: Migration[] = [
  ...coreMigrations,
  ...authMigrations,
  ...jobsMigrations,
  ...backupsMigrations,
].sort((a, b) => a.id.localeCompare(b.id));
