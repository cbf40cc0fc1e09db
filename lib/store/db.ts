import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { env } from '@/lib/config/env';

export type Db = Database.Database;

export interface Migration {
  /**
   * Numbered and ordered: `0001_service_events`. Ids are recorded in `schema_migrations` and never
   * renamed. Ranges: 0001–0099 services, 0100–0199 auth/audit, 0200–0299 jobs/deploys, 0300–0399 backups, 0400–0499 incidents (timeline, probes, notifications).
   */
  id: string;
  sql: string;
}

const holder = globalThis as unknown as { __opsdeckDb?: Db };

/**
 * Which owners' migrations were already checked on a connection. Keyed by the connection so a
 * reopened store (tests, shutdown) is checked again.
 */
const ensured = new WeakMap<Db, Set<string>>();

/** Opens (once per process) the SQLite store in WAL mode. Tables are each owner's: see `ensureSchema`. */
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
  conn.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
  return conn;
}

/**
 * Applies the owner's pending migrations in id order, once per connection, and returns the ids it
 * applied. The applied set is read inside an immediate transaction so two processes opening the
 * same file never apply one migration twice.
 */
export function ensureSchema(conn: Db, owner: string, migrations: readonly Migration[]): string[] {
  let owners = ensured.get(conn);
  if (owners?.has(owner)) return [];
  const ordered = [...migrations].sort((a, b) => a.id.localeCompare(b.id));
  const done = conn
    .transaction(() => {
      const applied = new Set(
        conn
          .prepare('SELECT id FROM schema_migrations')
          .all()
          .map((r) => (r as { id: string }).id),
      );
      const record = conn.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)');
      const ids: string[] = [];
      for (const m of ordered) {
        if (applied.has(m.id)) continue;
        conn.exec(m.sql);
        record.run(m.id, new Date().toISOString());
        ids.push(m.id);
      }
      return ids;
    })
    .immediate();
  if (!owners) {
    owners = new Set();
    ensured.set(conn, owners);
  }
  owners.add(owner);
  return done;
}

/**
 * An owner's accessor to the store: the shared connection with the owner's tables in place, so a
 * repository reached before boot (a route handler in a test) finds its tables all the same.
 */
export function ownedDb(owner: string, migrations: readonly Migration[]): () => Db {
  return () => {
    const conn = db();
    ensureSchema(conn, owner, migrations);
    return conn;
  };
}

export function closeDb(): void {
  holder.__opsdeckDb?.close();
  holder.__opsdeckDb = undefined;
}

export function isDbOpen(): boolean {
  return holder.__opsdeckDb?.open === true;
}
