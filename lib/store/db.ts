import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { env } from '@/lib/config/env';
import { migrations } from './migrations';

export type Db = Database.Database;

const holder = globalThis as unknown as { __opsdeckDb?: Db };

/** Opens (once per process) the SQLite store in WAL mode and applies pending migrations. */
export function db(): Db {
  if (holder.__opsdeckDb?.open) return holder.__opsdeckDb;
  const dir = env().dataDir;
  fs.mkdirSync(dir, { recursive: true });
  const conn = openDb(path.join(dir, 'opsdeck.db'));
  holder.__opsdeckDb = conn;
  return conn;
}

export function openDb(file: string): Db {
  const conn = new Database(file);
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = NORMAL');
  conn.pragma('foreign_keys = ON');
  conn.pragma('busy_timeout = 5000');
  migrate(conn);
  return conn;
}

export function migrate(conn: Db): string[] {
  conn.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = new Set(
    conn
      .prepare('SELECT id FROM schema_migrations')
      .all()
      .map((r) => (r as { id: string }).id),
  );
  const done: string[] = [];
  for (const m of migrations) {
    if (applied.has(m.id)) continue;
    conn.transaction(() => {
      conn.exec(m.sql);
      conn
        .prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)')
        .run(m.id, new Date().toISOString());
    })();
    done.push(m.id);
  }
  return done;
}

export function closeDb(): void {
  holder.__opsdeckDb?.close();
  holder.__opsdeckDb = undefined;
}

export function isDbOpen(): boolean {
  return holder.__opsdeckDb?.open === true;
}
