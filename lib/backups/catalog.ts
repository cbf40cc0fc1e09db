import { notFound } from '@/lib/errors';
import type { Manifest } from './manifest';
import { backupsDb } from './schema';
import type { Backup } from './schemas';

export type BackupKind = Manifest['kind'];
export type BackupStatus = 'complete' | 'verified' | 'verify_failed';

/** A backup as the API shows it: the wire type of `backupSchema`. */
export type { Backup };

interface Row {
  id: string;
  service_id: string;
  host: string;
  stack: string;
  name: string;
  kind: BackupKind;
  created_at: string;
  bytes: number;
  content_bytes: number;
  files: number;
  sha256: string;
  volumes: string;
  verified_at: string | null;
  verify_status: 'ok' | 'failed' | null;
  verify_message: string | null;
  verify_ms: number | null;
  undo_of: string | null;
  job_id: string | null;
}

function toBackup(r: Row): Backup {
  return {
    id: r.id,
    serviceId: r.service_id,
    service: { host: r.host, stack: r.stack, name: r.name },
    kind: r.kind,
    createdAt: r.created_at,
    bytes: r.bytes,
    contentBytes: r.content_bytes,
    files: r.files,
    sha256: r.sha256,
    volumes: JSON.parse(r.volumes) as Backup['volumes'],
    verifiedAt: r.verified_at,
    verifyMessage: r.verify_message,
    verifyMs: r.verify_ms ?? null,
    status:
      r.verify_status === 'ok' ? 'verified' : r.verify_status === 'failed' ? 'verify_failed' : 'complete',
    undoOf: r.undo_of,
    jobId: r.job_id,
  };
}

type Listener = () => void;
const holder = globalThis as unknown as { __opsdeckBackupListeners?: Set<Listener> };
const listeners = () => (holder.__opsdeckBackupListeners ??= new Set());

export function onCatalogChanged(listener: Listener): () => void {
  listeners().add(listener);
  return () => listeners().delete(listener);
}

function changed(): void {
  for (const l of listeners()) l();
}

/** Called only after the backup's directory was renamed into place. */
export function insertBackup(
  m: Manifest,
  manifestSha256: string,
  jobId: string | null,
  undoOf: string | null,
): Backup {
  backupsDb()
    .prepare(
      `INSERT INTO backups (id, service_id, host, stack, name, kind, created_at, bytes, content_bytes, files, sha256, volumes, undo_of, job_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      m.id,
      m.service.id,
      m.service.host,
      m.service.stack,
      m.service.name,
      m.kind,
      m.createdAt,
      m.volumes.reduce((n, v) => n + v.archiveBytes, 0),
      m.volumes.reduce((n, v) => n + v.contentBytes, 0),
      m.volumes.reduce((n, v) => n + v.files, 0),
      manifestSha256,
      JSON.stringify(m.volumes.map((v) => ({ source: v.source, type: v.type, destination: v.destination }))),
      undoOf,
      jobId,
    );
  changed();
  return getBackup(m.id);
}

export function findBackup(id: string): Backup | null {
  const row = backupsDb().prepare('SELECT * FROM backups WHERE id = ?').get(id) as Row | undefined;
  return row ? toBackup(row) : null;
}

export function getBackup(id: string): Backup {
  const b = findBackup(id);
  if (!b) throw notFound(`No backup with id "${id.slice(0, 100)}"`);
  return b;
}

/** Newest first. */
export function listBackups(filter: { serviceId?: string; limit?: number } = {}): Backup[] {
  const limit = filter.limit ?? 500;
  const rows = (
    filter.serviceId
      ? backupsDb()
          .prepare('SELECT * FROM backups WHERE service_id = ? ORDER BY created_at DESC, id DESC LIMIT ?')
          .all(filter.serviceId, limit)
      : backupsDb().prepare('SELECT * FROM backups ORDER BY created_at DESC, id DESC LIMIT ?').all(limit)
  ) as Row[];
  return rows.map(toBackup);
}

export function recordVerification(
  id: string,
  ok: boolean,
  message: string,
  at = new Date().toISOString(),
  ms: number | null = null,
): void {
  backupsDb()
    .prepare(
      'UPDATE backups SET verified_at = ?, verify_status = ?, verify_message = ?, verify_ms = ? WHERE id = ?',
    )
    .run(at, ok ? 'ok' : 'failed', message.slice(0, 2000), ms === null ? null : Math.round(ms), id);
  changed();
}

export function deleteBackupRow(id: string): void {
  backupsDb().prepare('DELETE FROM backups WHERE id = ?').run(id);
  changed();
}

export interface BackupSummary {
  lastBackupAt: string | null;
  /** the oldest one kept: a restore test is owed only for slots after it */
  firstBackupAt: string | null;
  /** creation time of the newest backup whose verification passed */
  lastVerifiedBackupAt: string | null;
  /** creation time of the newest backup that did not fail a verify (a good one, for the RPO) */
  lastGoodBackupAt: string | null;
  /** the newest restore test (verify) of any of its backups: when, how it went, how long it took */
  lastVerify: { at: string; ok: boolean; ms: number | null; message: string | null } | null;
}

/** Per service: newest backup and newest verified backup, for the overdue reasons. */
export function backupSummaries(): Map<string, BackupSummary> {
  const rows = backupsDb()
    .prepare(
      `SELECT service_id, MAX(created_at) AS last_backup, MIN(created_at) AS first_backup,
              MAX(CASE WHEN verify_status = 'ok' THEN created_at END) AS last_verified,
              MAX(CASE WHEN verify_status IS NULL OR verify_status = 'ok' THEN created_at END) AS last_good
       FROM backups WHERE kind != 'undo' GROUP BY service_id`,
    )
    .all() as {
    service_id: string;
    last_backup: string | null;
    first_backup: string | null;
    last_verified: string | null;
    last_good: string | null;
  }[];
  const verifies = backupsDb()
    .prepare(
      `SELECT service_id, verified_at, verify_status, verify_ms, verify_message FROM backups b
       WHERE verified_at IS NOT NULL AND verified_at = (
         SELECT MAX(verified_at) FROM backups WHERE service_id = b.service_id AND verified_at IS NOT NULL)`,
    )
    .all() as {
    service_id: string;
    verified_at: string;
    verify_status: string;
    verify_ms: number | null;
    verify_message: string | null;
  }[];
  const lastVerify = new Map(
    verifies.map((v) => [
      v.service_id,
      { at: v.verified_at, ok: v.verify_status === 'ok', ms: v.verify_ms, message: v.verify_message },
    ]),
  );
  return new Map(
    rows.map((r) => [
      r.service_id,
      {
        lastBackupAt: r.last_backup,
        firstBackupAt: r.first_backup,
        lastVerifiedBackupAt: r.last_verified,
        lastGoodBackupAt: r.last_good,
        lastVerify: lastVerify.get(r.service_id) ?? null,
      },
    ]),
  );
}
