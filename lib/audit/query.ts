import { type AuditRow, GENESIS_HASH, rowHash } from './chain';
import { auditKey } from './key';
import { auditDb } from './schema';
import type { AuditEntry } from './schemas';

/** An audit entry as the API shows it: the wire type of the response schema. */
export type { AuditEntry };

export interface AuditFilters {
  actor?: string;
  /** exact action, or a prefix ending in `.` (`services.` for all service actions) */
  action?: string;
  target?: string;
  serviceId?: string;
  /** ISO times, inclusive */
  since?: string;
  until?: string;
  /** paging: only entries with seq below this (the previous page's `nextBefore`) */
  before?: number;
  limit?: number;
}

function parseParams(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export const toEntry = (r: AuditRow): AuditEntry => ({
  seq: r.seq,
  at: r.at,
  actor: r.actor,
  actorKind: r.actor_kind,
  address: r.address,
  action: r.action,
  target: r.target,
  serviceId: r.service_id,
  params: parseParams(r.params),
  result: r.result,
  requestId: r.request_id,
  onBehalfOf: r.on_behalf_of ?? null,
  hash: r.hash,
});

/** Stored times are UTC `Z` strings; a filter with an offset must be too for the text comparison. */
const utcIso = (t: string) => {
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? t : d.toISOString();
};

/** Newest first, paged by seq. `nextBefore` is null on the last page. */
export function listAudit(filters: AuditFilters = {}): { entries: AuditEntry[]; nextBefore: number | null } {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (filters.actor) {
    where.push('actor = ?');
    args.push(filters.actor);
  }
  if (filters.action?.endsWith('.')) {
    where.push('substr(action, 1, ?) = ?');
    args.push(filters.action.length, filters.action);
  } else if (filters.action) {
    where.push('action = ?');
    args.push(filters.action);
  }
  if (filters.target) {
    where.push('target = ?');
    args.push(filters.target);
  }
  if (filters.serviceId) {
    where.push('service_id = ?');
    args.push(filters.serviceId);
  }
  if (filters.since) {
    where.push('at >= ?');
    args.push(utcIso(filters.since));
  }
  if (filters.until) {
    where.push('at <= ?');
    args.push(utcIso(filters.until));
  }
  if (filters.before !== undefined) {
    where.push('seq < ?');
    args.push(filters.before);
  }
  const limit = Math.min(Math.max(filters.limit ?? 50, 1), 500);
  const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
  const rows = auditDb()
    .prepare(sql)
    .all(...args, limit + 1) as AuditRow[];
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { entries: page.map(toEntry), nextBefore: rows.length > limit && last ? last.seq : null };
}

/** The actions taken on one service, newest first, for its timeline. */
export function auditEntriesForService(serviceId: string, limit = 50): AuditEntry[] {
  return listAudit({ serviceId, limit }).entries;
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  /** the first entry whose hash or link to its predecessor does not match */
  firstBadSeq?: number;
  /** the newest entry: compare with the head published in the logs and on /api/metrics */
  headSeq: number;
  headHash: string;
}

/**
 * Walks the whole chain in order, recomputing each hash (HMAC with the audit key; plain sha256 for
 * rows older than keyed chains, which may only come before the first keyed row). Detects edited,
 * inserted, deleted and reordered entries. Deleting the newest entries leaves a valid shorter chain:
 * `headSeq` going back against the published head (log line, `opsdeck_audit_head_seq`) shows it.
 */
export function verifyAudit(): AuditVerification {
  const key = auditKey();
  const stmt = auditDb().prepare('SELECT * FROM audit_log ORDER BY seq ASC');
  let prev = GENESIS_HASH;
  let entries = 0;
  let keyed = false;
  let headSeq = 0;
  for (const raw of stmt.iterate()) {
    const row = raw as AuditRow;
    entries++;
    const { hash, ...rest } = row;
    // A plain-sha256 row after a keyed one is a forgery by someone without the key.
    const downgraded = keyed && row.mac !== 1;
    if (downgraded || row.prev_hash !== prev || rowHash(rest, key) !== hash) {
      const head = auditHead();
      return {
        ok: false,
        entries: countEntries(),
        firstBadSeq: row.seq,
        headSeq: head.seq,
        headHash: head.hash,
      };
    }
    keyed ||= row.mac === 1;
    prev = hash;
    headSeq = row.seq;
  }
  return { ok: true, entries, headSeq, headHash: prev };
}

/** The newest entry's seq and hash (0 and the genesis hash when empty). */
export function auditHead(): { seq: number; hash: string } {
  const last = auditDb().prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
    | { seq: number; hash: string }
    | undefined;
  return last ?? { seq: 0, hash: GENESIS_HASH };
}

function countEntries(): number {
  return (auditDb().prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n;
}
