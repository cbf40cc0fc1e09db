import fs from 'node:fs';
import { type Backup, deleteBackupRow, listBackups } from './catalog';
import { removeOffsiteCopies } from './offsite';
import { backupDir } from './paths';

/** Undo backups are a safety net for the last restores, not history. */
const KEEP_UNDO = 3;

/** Grandfather-father-son counts: the newest backup of each of the last N hours/days/weeks/months. */
export interface RetentionBuckets {
  last: number;
  hourly: number;
  daily: number;
  weekly: number;
  monthly: number;
}
const BUCKET_WORDS = ['last', 'hourly', 'daily', 'weekly', 'monthly'] as const;
type Bucket = (typeof BUCKET_WORDS)[number];

/** `keep 7 daily, 4 weekly` (the `keep` is optional; also `last 3`, `24 hourly`, `6 monthly`). */
export function parseRetention(text: string): RetentionBuckets | string {
  const body = text.trim().replace(/^keep\s+/i, '');
  const out: RetentionBuckets = { last: 0, hourly: 0, daily: 0, weekly: 0, monthly: 0 };
  const parts = body.split(',').map((p) => p.trim());
  if (parts.length === 0 || parts.length > 5 || parts.some((p) => p === ''))
    return 'expected e.g. "keep 7 daily, 4 weekly"';
  for (const part of parts) {
    const m = /^(?:(\d{1,4})\s+(hourly|daily|weekly|monthly)|last\s+(\d{1,4}))$/i.exec(part);
    if (!m) return `"${part.slice(0, 40)}" is not like "7 daily" or "last 3"`;
    const word = (m[2]?.toLowerCase() ?? 'last') as Bucket;
    const n = Number(m[1] ?? m[3]);
    if (n < 1) return `"${part}": the count must be at least 1`;
    out[word] = n;
  }
  return out;
}

/** The calendar period of a time in a time zone: `2026-11-23`, `2026-W4711`-like keys, comparable by equality. */
export function periodKey(at: number, bucket: Exclude<Bucket, 'last'>, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const { year, month, day, hour } = parts as Record<string, string>;
  if (bucket === 'hourly') return `${year}-${month}-${day}T${hour}`;
  if (bucket === 'daily') return `${year}-${month}-${day}`;
  if (bucket === 'monthly') return `${year}-${month}`;
  // weeks start on Monday: day 0 of the epoch (1970-01-01) was a Thursday
  const days = Math.floor(Date.UTC(Number(year), Number(month) - 1, Number(day)) / 86_400_000);
  return `week-${Math.floor((days + 3) / 7)}`;
}

export interface RetentionPolicy {
  keep: number;
  maxAgeMs: number | null;
  /** with buckets, they decide what stays instead of `keep` */
  buckets?: RetentionBuckets | null;
  timezone?: string;
}

/**
 * Which backups retention removes: beyond the newest `keep` (or outside the buckets), or older
 * than `max-age`. Two backups always stay, whatever the policy: the newest one, and the newest one
 * whose restore test passed, so a policy can never leave a service without a proven backup.
 */
export function expiredBackups(backups: Backup[], policy: RetentionPolicy, now = Date.now()): Backup[] {
  const expired: Backup[] = [];
  const regular = backups
    .filter((b) => b.kind !== 'undo')
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const kept = new Set<string>();
  if (regular[0]) kept.add(regular[0].id);
  const verified = regular.find((b) => b.status === 'verified');
  if (verified) kept.add(verified.id);
  const buckets = policy.buckets ?? null;
  const inBuckets = new Set<string>();
  if (buckets) {
    for (const b of regular.slice(0, buckets.last)) inBuckets.add(b.id);
    for (const bucket of ['hourly', 'daily', 'weekly', 'monthly'] as const) {
      const seen = new Set<string>();
      for (const b of regular) {
        if (seen.size >= buckets[bucket]) break;
        const key = periodKey(Date.parse(b.createdAt), bucket, policy.timezone ?? 'UTC');
        if (seen.has(key)) continue;
        seen.add(key);
        inBuckets.add(b.id);
      }
    }
  }
  for (const [i, b] of regular.entries()) {
    if (kept.has(b.id)) continue;
    const tooOld = policy.maxAgeMs !== null && now - Date.parse(b.createdAt) > policy.maxAgeMs;
    const beyond = buckets ? !inBuckets.has(b.id) : i >= policy.keep;
    if (beyond || tooOld) expired.push(b);
  }
  const undo = backups
    .filter((b) => b.kind === 'undo')
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  expired.push(...undo.slice(KEEP_UNDO));
  return expired;
}

/** Removes a backup: catalog row first (it stops being listed), then its directory and its off-site copy. */
export async function removeBackup(id: string): Promise<void> {
  deleteBackupRow(id);
  fs.rmSync(backupDir(id), { recursive: true, force: true });
  await removeOffsiteCopies(id);
}

export async function applyRetention(serviceId: string, policy: RetentionPolicy): Promise<string[]> {
  const expired = expiredBackups(listBackups({ serviceId, limit: 10_000 }), policy);
  for (const b of expired) await removeBackup(b.id);
  return expired.map((b) => b.id);
}
