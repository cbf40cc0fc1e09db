import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureSchema, openDb } from '@/lib/store/db';
import { servicesMigrations } from './schema';

describe('0400_incident_timeline', () => {
  it('moves rows recorded before it to the incident kinds, and keeps what they said', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-0400-')), 'opsdeck.db');
    const before = openDb(file);
    ensureSchema(
      before,
      'services',
      servicesMigrations.filter((m) => m.id < '0400'),
    );
    const insert = before.prepare(
      'INSERT INTO service_events (service_id, kind, message, attributes, at) VALUES (?, ?, ?, ?, ?)',
    );
    insert.run('s', 'die', 'w exited with code 3', '{"action":"die","exitCode":3}', '2026-01-01T00:00:00Z');
    insert.run('s', 'job', 'rollback by bob succeeded', '{"jobKind":"rollback"}', '2026-01-01T00:00:01Z');
    insert.run('s', 'job', 'verify by cron failed', '{"jobKind":"verify"}', '2026-01-01T00:00:02Z');
    insert.run('s', 'job', 'scale by amy succeeded', '{"jobKind":"scale"}', '2026-01-01T00:00:03Z');
    before.close();
    const after = openDb(file);
    expect(ensureSchema(after, 'services', servicesMigrations)).toEqual(['0400_incident_timeline']);
    const rows = after.prepare('SELECT kind, message, severity FROM service_events ORDER BY seq').all();
    expect(rows).toEqual([
      { kind: 'container', message: 'w exited with code 3', severity: 'info' },
      { kind: 'deploy', message: 'rollback by bob succeeded', severity: 'info' },
      { kind: 'backup', message: 'verify by cron failed', severity: 'info' },
      { kind: 'action', message: 'scale by amy succeeded', severity: 'info' },
    ]);
    after.close();
  });
});
