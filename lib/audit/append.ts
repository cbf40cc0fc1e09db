import { logger } from '@/lib/log/logger';
import { type AuditRow, GENESIS_HASH, redactSecrets, rowHash } from './chain';
import { auditKey } from './key';
import { auditDb } from './schema';

export interface AuditInput {
  actor: string;
  actorKind: 'user' | 'token' | 'proxy' | 'anonymous' | 'system';
  address: string;
  action: string;
  target: string | null;
  serviceId: string | null;
  params: unknown;
  result: string;
  requestId: string;
  /** for a token: the id of the user who minted it */
  onBehalfOf?: string | null;
}

const MAX_PARAMS_CHARS = 8_000;

/**
 * Appends a hash-chained audit entry. Synchronous: better-sqlite3 runs the read-last-hash-then-insert
 * transaction without interleaving, so the chain cannot fork. Never throws into the caller: the action
 * already happened, so a failed write is logged loudly instead of turning the answer into a 500.
 */
export function appendAudit(entry: AuditInput): void {
  try {
    appendAuditOrThrow(entry);
  } catch (err) {
    logger().error({ err, action: entry.action, requestId: entry.requestId }, 'audit append failed');
  }
}

export function appendAuditOrThrow(entry: AuditInput, now = new Date()): AuditRow {
  const key = auditKey();
  let params = JSON.stringify(redactSecrets(entry.params ?? null)) ?? 'null';
  if (params.length > MAX_PARAMS_CHARS)
    params = JSON.stringify({ truncated: params.slice(0, MAX_PARAMS_CHARS) });
  const conn = auditDb();
  const written = conn
    .transaction(() => {
      const last = conn.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
        | { seq: number; hash: string }
        | undefined;
      const row: Omit<AuditRow, 'hash'> = {
        seq: (last?.seq ?? 0) + 1,
        at: now.toISOString(),
        actor: entry.actor.slice(0, 200),
        actor_kind: entry.actorKind,
        address: entry.address.slice(0, 100),
        action: entry.action.slice(0, 100),
        target: entry.target?.slice(0, 500) ?? null,
        service_id: entry.serviceId,
        params,
        result: entry.result.slice(0, 200),
        request_id: entry.requestId.slice(0, 100),
        on_behalf_of: entry.onBehalfOf?.slice(0, 200) ?? null,
        mac: 1,
        prev_hash: last?.hash ?? GENESIS_HASH,
      };
      const full: AuditRow = { ...row, hash: rowHash(row, key) };
      conn
        .prepare(
          `INSERT INTO audit_log (seq, at, actor, actor_kind, address, action, target, service_id, params, result,
           request_id, on_behalf_of, mac, prev_hash, hash)
         VALUES (@seq, @at, @actor, @actor_kind, @address, @action, @target, @service_id, @params, @result,
           @request_id, @on_behalf_of, @mac, @prev_hash, @hash)`,
        )
        .run(full);
      return full;
    })
    .immediate();
  // The head, published outside the database (log shipping, and opsdeck_audit_head_seq on
  // /api/metrics): deleting the newest rows makes the head go back, which the database cannot hide.
  logger().info({ auditSeq: written.seq, auditHead: written.hash }, 'audit head');
  return written;
}
