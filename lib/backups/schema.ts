import type { Migration } from '@/lib/store/migrations';

/** Backup catalog (0300–0399). */
export const backupsMigrations: Migration[] = [];
