import { OPSDECK } from '@/lib/docker/labels';
import { parseRetention, type RetentionBuckets } from './retention';
import { validTimezone } from './schedule-policy';
/**
 * The `opsdeck.backup.*` labels a service declares, parsed once into a policy. Label values are
 * untrusted text: a bad value never throws, it becomes a problem the UI shows.
 */
export interface BackupPolicy {
  /** command run in a running container of the service before the copy */
  pre: string | null;
  /** stop the service during the copy */
  stop: boolean;
  /** container paths narrowing which mounts are backed up; null: all named volumes (and binds if `binds`) */
  paths: string[] | null;
  /**
   * `opsdeck.backup.binds=true`: host bind mounts are copied too. Off by default: a bind mount is a
   * host directory (often shared, often holding another program's secrets), not the service's data.
   */
  binds: boolean;
  /** command run against the restored copy in a throwaway container */
  verify: string | null;
  keep: number;
  maxAgeMs: number | null;
  /** `opsdeck.backup.retention=keep 7 daily, 4 weekly`: replaces `keep` when set */
  buckets: RetentionBuckets | null;
  /** time zone the retention's days and weeks are counted in (the schedule's) */
  timezone: string;
  /** max age of the last good backup before the service shows "backup overdue" */
  overdueAfterMs: number | null;
  problems: string[];
}

export const DEFAULT_KEEP = 7;
const MAX_KEEP = 1000;

const units: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/** `90s`, `30m`, `24h`, `7d`, `2w`, or a sum like `1d12h`; null when not a duration. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (!/^(\d+[smhdw])+$/.test(trimmed)) return null;
  let total = 0;
  for (const m of trimmed.matchAll(/(\d+)([smhdw])/g)) {
    total += Number(m[1]) * (units[m[2] ?? ''] ?? 0);
  }
  return total > 0 && Number.isSafeInteger(total) ? total : null;
}

function nonEmpty(value: string | undefined): string | null {
  const v = value?.trim();
  return v ? v : null;
}

export function backupPolicy(labels: Record<string, string>): BackupPolicy {
  const problems: string[] = [];
  const duration = (label: string): number | null => {
    const raw = nonEmpty(labels[label]);
    if (raw === null) return null;
    const ms = parseDuration(raw);
    if (ms === null) problems.push(`${label}: "${raw.slice(0, 40)}" is not a duration like 24h or 7d`);
    return ms;
  };
  let keep = DEFAULT_KEEP;
  const keepRaw = nonEmpty(labels[OPSDECK.backupKeep]);
  if (keepRaw !== null) {
    const n = Number(keepRaw);
    if (Number.isInteger(n) && n >= 1 && n <= MAX_KEEP) keep = n;
    else
      problems.push(`${OPSDECK.backupKeep}: "${keepRaw.slice(0, 40)}" is not a whole number 1–${MAX_KEEP}`);
  }
  const pathsRaw = nonEmpty(labels[OPSDECK.backupPaths]);
  const paths = pathsRaw
    ? pathsRaw
        .split(',')
        .map((p) => p.trim().replace(/\/+$/, '') || '/')
        .filter((p) => p.length > 0)
    : null;
  for (const p of paths ?? []) {
    if (!p.startsWith('/'))
      problems.push(`${OPSDECK.backupPaths}: "${p.slice(0, 80)}" is not an absolute path`);
  }
  let buckets: RetentionBuckets | null = null;
  const retentionRaw = nonEmpty(labels[OPSDECK.backupRetention]);
  if (retentionRaw !== null) {
    const parsed = parseRetention(retentionRaw);
    if (typeof parsed === 'string') problems.push(`${OPSDECK.backupRetention}: ${parsed}`);
    else buckets = parsed;
  }
  const tz = nonEmpty(labels[OPSDECK.backupTimezone]) ?? 'UTC';
  return {
    buckets,
    timezone: validTimezone(tz) ? tz : 'UTC',
    pre: nonEmpty(labels[OPSDECK.backupPre]),
    stop: labels[OPSDECK.backupStop]?.trim().toLowerCase() === 'true',
    binds: labels[OPSDECK.backupBinds]?.trim().toLowerCase() === 'true',
    paths,
    verify: nonEmpty(labels[OPSDECK.backupVerify]),
    keep,
    maxAgeMs: duration(OPSDECK.backupMaxAge),
    overdueAfterMs: duration(OPSDECK.backupPolicy),
    problems,
  };
}
