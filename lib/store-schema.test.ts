import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionsMigrations } from '@/lib/actions/schema';
import { auditMigrations } from '@/lib/audit/schema';
import { authDb, authMigrations } from '@/lib/auth/schema';
import { backupsMigrations } from '@/lib/backups/schema';
import { resetEnvCache } from '@/lib/config/env';
import { jobsMigrations } from '@/lib/jobs/schema';
import { notificationMigrations } from '@/lib/notifications/schema';
import { servicesMigrations } from '@/lib/services/schema';
import { closeDb, type Db, ensureSchema, type Migration, openDb } from '@/lib/store/db';

// Each owner's tables, as boot ensures them (lib/boot-hooks.ts lists the same accessors).
const owners: [string, Migration[]][] = [
  ['services', servicesMigrations],
  ['auth', authMigrations],
  ['audit', auditMigrations],
  ['jobs', jobsMigrations],
  ['actions', actionsMigrations],
  ['backups', backupsMigrations],
  ['notifications', notificationMigrations],
];

// The ids databases created before the split have recorded: they must never change.
const recordedIds = [
  '0001_service_events',
  '0101_users',
  '0102_sessions',
  '0103_tokens',
  '0104_audit_log',
  '0105_audit_keyed', // added after the split (keyed audit chain)
  '0200_jobs',
  '0201_deploys',
  '0300_backups',
  '0400_incident_timeline', // the timeline as the incident story (kinds, severity, dedupe)
  '0401_notification_channels',
  '0402_notification_sent',
  '0500_users_last_login', // added after the split (the users page shows the last login)
  '0600_backup_schedules', // backup schedules and the scheduler's last handled slot
  '0601_backups_verify_ms', // how long a restore test took
  '0710_users_oidc', // OpenID Connect users: nullable password, issuer + subject
];

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-store-'));
});
afterAll(() => {
  closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

let n = 0;
const fresh = () => openDb(path.join(dir, `store-${++n}.db`));
const tables = (conn: Db) =>
  (conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[])
    .map((r) => r.name)
    .filter((t) => t !== 'schema_migrations' && !t.startsWith('sqlite_'))
    .sort();
const recorded = (conn: Db) =>
  (conn.prepare('SELECT id FROM schema_migrations ORDER BY id').all() as { id: string }[]).map((r) => r.id);

describe('store schema, owned per module', () => {
  it('keeps every migration id a database may already have recorded, each with one owner', () => {
    const ids = owners.flatMap(([, ms]) => ms.map((m) => m.id)).sort();
    expect(ids).toEqual(recordedIds);
  });

  it('gives a fresh database every table', () => {
    const conn = fresh();
    for (const [owner, ms] of owners) ensureSchema(conn, owner, ms);
    expect(tables(conn)).toEqual(
      [
        'audit_log',
        'backup_schedule_state',
        'backup_schedules',
        'backups',
        'deploys',
        'jobs',
        'notification_channels',
        'notification_sent',
        'service_events',
        'sessions',
        'tokens',
        'users',
      ].sort(),
    );
    expect(recorded(conn)).toEqual(recordedIds);
    conn.close();
  });

  it('applies nothing twice to a database created before the split', () => {
    const file = path.join(dir, 'old.db');
    const old = openDb(file);
    // What the old single migrate() did: every migration in global id order, each id recorded.
    const all = owners.flatMap(([, ms]) => ms).sort((a, b) => a.id.localeCompare(b.id));
    for (const m of all) {
      old.exec(m.sql);
      old.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)').run(m.id, 'then');
    }
    old
      .prepare(
        "INSERT INTO users (id, username, password_hash, role, created_at) VALUES ('u', 'x', 'h', 'admin', 'then')",
      )
      .run();
    old.close();

    const conn = openDb(file);
    for (const [owner, ms] of owners) expect(ensureSchema(conn, owner, ms)).toEqual([]);
    expect(recorded(conn)).toEqual(recordedIds);
    expect((conn.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n).toBe(1);
    conn.close();
  });

  it("creates one owner's tables without touching another's", () => {
    const conn = fresh();
    expect(ensureSchema(conn, 'auth', authMigrations)).toEqual([
      '0101_users',
      '0102_sessions',
      '0103_tokens',
      '0500_users_last_login',
      '0710_users_oidc',
    ]);
    expect(tables(conn)).toEqual(['sessions', 'tokens', 'users']);
    expect(ensureSchema(conn, 'backups', backupsMigrations)).toEqual([
      '0300_backups',
      '0600_backup_schedules',
      '0601_backups_verify_ms',
    ]);
    expect(tables(conn)).toEqual([
      'backup_schedule_state',
      'backup_schedules',
      'backups',
      'sessions',
      'tokens',
      'users',
    ]);
    conn.close();
  });

  it('checks an owner once per connection, and again on a reopened one', () => {
    const file = path.join(dir, 'reopen.db');
    const conn = openDb(file);
    expect(ensureSchema(conn, 'jobs', jobsMigrations)).toEqual(['0200_jobs']);
    conn.exec('DROP TABLE jobs');
    // Memoised: the same connection is not looked at again.
    expect(ensureSchema(conn, 'jobs', jobsMigrations)).toEqual([]);
    conn.exec("DELETE FROM schema_migrations WHERE id = '0200_jobs'");
    conn.close();
    const again = openDb(file);
    expect(ensureSchema(again, 'jobs', jobsMigrations)).toEqual(['0200_jobs']);
    again.close();
  });

  it('0710 rebuilds users for OIDC without losing a user or logging anyone out', () => {
    const conn = fresh();
    const before = authMigrations.filter((m) => m.id < '0710');
    ensureSchema(conn, 'auth-before-0710', before);
    conn
      .prepare(
        "INSERT INTO users (id, username, password_hash, role, created_at, disabled, last_login_at) VALUES ('u1', 'Ann', 'h', 'admin', 'then', 1, 'later')",
      )
      .run();
    conn
      .prepare(
        "INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES ('s1', 'u1', 'a', 'b')",
      )
      .run();
    expect(ensureSchema(conn, 'auth', authMigrations)).toEqual(['0710_users_oidc']);
    expect(conn.prepare('SELECT * FROM users').all()).toEqual([
      {
        id: 'u1',
        username: 'Ann',
        password_hash: 'h',
        role: 'admin',
        created_at: 'then',
        disabled: 1,
        last_login_at: 'later',
        kind: 'local',
        oidc_issuer: null,
        oidc_subject: null,
      },
    ]);
    expect(conn.prepare('SELECT id_hash, user_id FROM sessions').all()).toEqual([
      { id_hash: 's1', user_id: 'u1' },
    ]);
    // the sessions table still cascades from users, and the user name stays unique in any case
    expect(() =>
      conn
        .prepare(
          "INSERT INTO users (id, username, password_hash, role, created_at) VALUES ('u2', 'ann', 'h', 'viewer', 'x')",
        )
        .run(),
    ).toThrow(/UNIQUE/);
    const oidc = conn.prepare(
      "INSERT INTO users (id, username, password_hash, role, created_at, kind, oidc_issuer, oidc_subject) VALUES (?, ?, ?, 'viewer', 'x', ?, ?, ?)",
    );
    oidc.run('o1', 'olga', null, 'oidc', 'https://id/', 'sub');
    // one account per issuer + subject; an OIDC user never has a password, a local one always does
    expect(() => oidc.run('o2', 'olga2', null, 'oidc', 'https://id/', 'sub')).toThrow(/UNIQUE/);
    expect(() => oidc.run('o3', 'olga3', 'hash', 'oidc', 'https://id/', 'sub3')).toThrow(/CHECK/);
    expect(() => oidc.run('o4', 'loc', null, 'local', null, null)).toThrow(/CHECK/);
    expect(() => oidc.run('o5', 'loc2', 'h', 'local', 'https://id/', 'sub5')).toThrow(/CHECK/);
    conn.prepare("DELETE FROM users WHERE id = 'u1'").run();
    expect(conn.prepare('SELECT COUNT(*) AS n FROM sessions').get()).toEqual({ n: 0 });
    conn.close();
  });

  it("an owner's accessor reached before boot finds its tables in place", () => {
    process.env.OPSDECK_DATA_DIR = path.join(dir, 'lazy');
    resetEnvCache();
    closeDb();
    const row = authDb().prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number };
    expect(row.n).toBe(0);
    expect(tables(authDb())).toEqual(['sessions', 'tokens', 'users']);
  });
});
