import type { Migration } from '@/lib/store/migrations';

/** Jobs and deploy history (0200–0299). */
export const jobsMigrations: Migration[] = [];
