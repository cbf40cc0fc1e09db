import { parseServiceId } from '@/lib/docker/ids';
import { badRequest } from '@/lib/errors';
import { collapseRepeats } from './collapse';
import { servicesDb } from './schema';
import type { IncidentKind } from './schemas';
import type { IncidentEvent } from './types';

export interface TimelineFilter {
  /** one service; else every service `visible` lets through (and `stack`, when given) */
  serviceId?: string;
  stack?: string;
  visible?: (serviceId: string) => boolean;
  /** ISO instant or an age (`30m`, `1h`, `2d`) */
  since?: string;
  kinds?: IncidentKind[];
  limit: number;
  cursor?: string;
}

interface Row {
  seq: number;
  service_id: string;
  container_name: string | null;
  kind: string;
  message: string;
  attributes: string;
  at: string;
  severity: string;
}

const BATCH = 250;
/** A page never reads more rows than this, however many repeats collapse into it. */
const MAX_ROWS_PER_PAGE = 5000;
const AGE = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `1h` → the instant an hour ago; an ISO instant as it is. */
export function resolveSince(since: string, now = Date.now()): string {
  const m = /^(\d+)([smhd])$/.exec(since);
  if (m) return new Date(now - Number(m[1]) * AGE[m[2] as keyof typeof AGE]).toISOString();
  const t = Date.parse(since);
  if (Number.isNaN(t)) throw badRequest(`since: not a time: ${since}`);
  return new Date(t).toISOString();
}

const encodeCursor = (at: string, seq: number) => Buffer.from(`${at}|${seq}`).toString('base64url');
function decodeCursor(cursor: string): { at: string; seq: number } {
  const [at, seq] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !seq || Number.isNaN(Date.parse(at)) || !/^\d+$/.test(seq))
    throw badRequest('cursor: not one this API gave');
  return { at, seq: Number(seq) };
}

function toMember(r: Row) {
  return {
    id: `event-${r.seq}`,
    at: r.at,
    kind: r.kind as IncidentKind,
    summary: r.message,
    severity: (['info', 'warning', 'critical', 'ok'].includes(r.severity)
      ? r.severity
      : 'info') as IncidentEvent['severity'],
    serviceId: r.service_id,
    containerName: r.container_name,
    attributes: JSON.parse(r.attributes) as Record<string, unknown>,
  };
}

/**
 * A page of the incident story, newest first, with repeats collapsed. `limit` counts entries as
 * shown (a collapsed crash loop is one), so rows are read in batches until the page is full;
 * `next` is the cursor after the page's oldest row.
 */
export function queryTimeline(f: TimelineFilter): { events: IncidentEvent[]; next?: string } {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (f.serviceId) {
    where.push('service_id = ?');
    args.push(f.serviceId);
  }
  if (f.since) {
    where.push('at >= ?');
    args.push(resolveSince(f.since));
  }
  if (f.kinds?.length) {
    where.push(`kind IN (${f.kinds.map(() => '?').join(',')})`);
    args.push(...f.kinds);
  }
  let after = f.cursor ? decodeCursor(f.cursor) : null;
  const keep = (r: Row) => {
    if (f.visible && !f.visible(r.service_id)) return false;
    if (f.stack !== undefined && parseServiceId(r.service_id)?.stack !== f.stack) return false;
    return true;
  };
  const rows: Row[] = [];
  let read = 0;
  let exhausted = false;
  while (read < MAX_ROWS_PER_PAGE) {
    const cond = [...where];
    const a = [...args];
    if (after) {
      cond.push('(at < ? OR (at = ? AND seq < ?))');
      a.push(after.at, after.at, after.seq);
    }
    const batch = servicesDb()
      .prepare(
        `SELECT seq, service_id, container_name, kind, message, attributes, at, severity FROM service_events
         ${cond.length ? `WHERE ${cond.join(' AND ')}` : ''} ORDER BY at DESC, seq DESC LIMIT ?`,
      )
      .all(...a, BATCH) as Row[];
    read += batch.length;
    rows.push(...batch.filter(keep));
    const last = batch[batch.length - 1];
    if (batch.length < BATCH || !last) {
      exhausted = true;
      break;
    }
    after = { at: last.at, seq: last.seq };
    // one entry more than the page proves the page's last entry is complete
    if (collapseRepeats(rows.map(toMember)).length > f.limit) break;
  }
  const entries = collapseRepeats(rows.map(toMember));
  const page = entries.slice(0, f.limit);
  const more = entries.length > f.limit || (!exhausted && page.length > 0);
  const lastEntry = page[page.length - 1];
  if (!more || !lastEntry) return { events: page };
  const oldest = lastEntry.members?.[lastEntry.members.length - 1] ?? lastEntry;
  return {
    events: page,
    next: encodeCursor(oldest.at, Number(oldest.id.replace(/^event-/, '').split('~')[0])),
  };
}
