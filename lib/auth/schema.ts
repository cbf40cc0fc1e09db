import type { Migration } from '@/lib/store/migrations';

/** Users, sessions, tokens and the audit chain (0100–0199). */
export const authMigrations: Migration[] = [];
