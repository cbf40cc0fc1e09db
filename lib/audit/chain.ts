import { createHash, createHmac } from 'node:crypto';

/** An audit entry as stored: the chain covers every one of these fields. */
export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  actor_kind: string;
  address: string;
  action: string;
  target: string | null;
  service_id: string | null;
  /** JSON text, secrets already redacted */
  params: string;
  result: string;
  request_id: string;
  /** for a token: the id of the user who minted it (null: a system token, or not a token) */
  on_behalf_of: string | null;
  /** 0: a legacy row, plain sha256 (before keyed chains); 1: HMAC-SHA256 with the audit key */
  mac: number;
  prev_hash: string;
  hash: string;
}

/** The hash of the (absent) entry before the first one. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The hash of a row as it was stored: HMAC-SHA256 with the audit key (kept outside the database, see
 * lib/audit/key.ts) over the canonical fields including `on_behalf_of` and `mac`; rows written before
 * keyed chains (`mac = 0`) keep their plain sha256 so old chains still verify.
 */
export function rowHash(row: Omit<AuditRow, 'hash'>, key: Buffer): string {
  if (row.mac === 0) return entryHash(row);
  const canonical = JSON.stringify(['v1', ...chainedFields(row), row.on_behalf_of, row.mac, row.prev_hash]);
  return createHmac('sha256', key).update(canonical, 'utf8').digest('hex');
}

/**
 * Legacy (mac = 0): sha256 over a canonical JSON array of the row's fields in a fixed order, previous hash included:
 * changing, deleting or reordering any earlier row breaks every hash after it.
 */
export function entryHash(row: Omit<AuditRow, 'hash' | 'on_behalf_of' | 'mac'>): string {
  const canonical = JSON.stringify([...chainedFields(row), row.prev_hash]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

const SECRET_KEY = /pass|secret|token/i;
const MAX_DEPTH = 6;

/** A copy of `value` with every property whose name looks like a secret replaced by `[redacted]`. */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return '[truncated]';
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_KEY.test(k) ? '[redacted]' : redactSecrets(v, depth + 1);
    }
    return out;
  }
  return value;
}

/** The fields both chain versions cover, in their fixed order (changing it breaks every stored hash). */
function chainedFields(row: Omit<AuditRow, 'hash' | 'on_behalf_of' | 'mac'>): unknown[] {
  return [
    row.seq,
    row.at,
    row.actor,
    row.actor_kind,
    row.address,
    row.action,
    row.target,
    row.service_id,
    row.params,
    row.result,
    row.request_id,
  ];
}
