import { createHash } from 'node:crypto';
import { Cron } from 'croner';
import { OPSDECK } from '@/lib/docker/labels';
import { parseDuration } from './labels';

/**
 * When a service is backed up and its newest backup restore-tested, from its labels
 * (`opsdeck.backup.schedule`, `.timezone`, `.jitter`, `.verify-schedule`) or from a schedule set in
 * the console/API, which wins. Cron expressions are evaluated by croner; this module only asks it
 * "which slots fell between then and now" and "when is the next one", so a missed slot is seen
 * however long Opsdeck was down.
 */
export interface Schedule {
  cron: string;
  timezone: string;
  /** each slot runs up to this much later, the same offset every time for one service */
  jitterMs: number;
  /** restore test of the newest backup; null: none */
  verifyCron: string | null;
  source: 'label' | 'console';
}

/** Restore-tested weekly by default (Sunday 04:00 in the schedule's time zone). */
export const DEFAULT_VERIFY_CRON = '0 4 * * 0';
const MAX_JITTER_MS = 6 * 3_600_000;
/** A downtime of years does not enumerate every minute it missed. */
const MAX_COUNTED_SLOTS = 1000;

export function validCron(expr: string, timezone = 'UTC'): string | null {
  try {
    new Cron(expr, { timezone, paused: true });
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/**
 * Whether `tz` is a time zone this runtime knows. Building an `Intl.DateTimeFormat` costs tens of
 * microseconds and every service answer checks its backup labels' zone, so each answer is kept; the
 * table is bounded (a label is anyone's text), and once full a zone is checked each time.
 */
const MAX_ZONES = 512;
const zones = new Map<string, boolean>();

export function validTimezone(tz: string): boolean {
  const known = zones.get(tz);
  if (known !== undefined) return known;
  let ok: boolean;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    ok = true;
  } catch {
    ok = false;
  }
  if (zones.size < MAX_ZONES) zones.set(tz, ok);
  return ok;
}

export function scheduleFromLabels(labels: Record<string, string>): {
  schedule: Schedule | null;
  problems: string[];
} {
  const problems: string[] = [];
  const cron = labels[OPSDECK.backupSchedule]?.trim();
  if (!cron) return { schedule: null, problems };
  let timezone = labels[OPSDECK.backupTimezone]?.trim() || 'UTC';
  if (!validTimezone(timezone)) {
    problems.push(`${OPSDECK.backupTimezone}: "${timezone.slice(0, 60)}" is not a time zone; using UTC`);
    timezone = 'UTC';
  }
  const bad = validCron(cron, timezone);
  if (bad) {
    problems.push(`${OPSDECK.backupSchedule}: "${cron.slice(0, 60)}" is not a cron expression (${bad})`);
    return { schedule: null, problems };
  }
  let jitterMs = 0;
  const jitterRaw = labels[OPSDECK.backupJitter]?.trim();
  if (jitterRaw) {
    const ms = parseDuration(jitterRaw);
    if (ms === null || ms > MAX_JITTER_MS)
      problems.push(`${OPSDECK.backupJitter}: "${jitterRaw.slice(0, 40)}" is not a duration up to 6h`);
    else jitterMs = ms;
  }
  let verifyCron: string | null = DEFAULT_VERIFY_CRON;
  const verifyRaw = labels[OPSDECK.backupVerifySchedule]?.trim();
  if (verifyRaw === 'off' || verifyRaw === 'never') verifyCron = null;
  else if (verifyRaw) {
    const badVerify = validCron(verifyRaw, timezone);
    if (badVerify)
      problems.push(
        `${OPSDECK.backupVerifySchedule}: "${verifyRaw.slice(0, 60)}" is not a cron expression; weekly instead`,
      );
    else verifyCron = verifyRaw;
  }
  return { schedule: { cron, timezone, jitterMs, verifyCron, source: 'label' }, problems };
}

/** The service's own offset within the jitter window: spreads services, stable across restarts. */
export function jitterOffset(serviceId: string, jitterMs: number): number {
  if (jitterMs <= 0) return 0;
  const h = createHash('sha256').update(serviceId).digest().readUInt32BE(0);
  return h % (jitterMs + 1);
}

export interface DueSlots {
  /** the newest slot at or before `now` (jitter applied) after `after`; null: nothing due */
  latest: number | null;
  /** how many slots fell in (after, now]: more than 1 means runs were missed */
  count: number;
}

/** Slots of `cron` strictly after `after` and (with the offset) not after `now`. */
export function dueSlots(
  cron: string,
  timezone: string,
  offsetMs: number,
  after: number,
  now: number,
): DueSlots {
  const c = new Cron(cron, { timezone, paused: true });
  let latest: number | null = null;
  let count = 0;
  let cursor = new Date(after);
  for (;;) {
    const next = c.nextRun(cursor);
    if (!next || next.getTime() + offsetMs > now) break;
    latest = next.getTime();
    count++;
    if (count >= MAX_COUNTED_SLOTS) {
      // counting stops; the newest slot is still the one before now
      const prev = c.previousRuns(1, new Date(now - offsetMs))[0];
      latest = prev ? prev.getTime() : latest;
      break;
    }
    cursor = next;
  }
  return { latest, count };
}

export function nextSlot(cron: string, timezone: string, offsetMs: number, now: number): number | null {
  const next = new Cron(cron, { timezone, paused: true }).nextRun(new Date(now - offsetMs));
  return next ? next.getTime() + offsetMs : null;
}

/**
 * The recovery point the schedule promises is broken when the newest good backup is older than the
 * slot before the latest one (a whole cycle produced nothing), or older than the latest slot once
 * that slot's run has had its grace (jitter + up to 10 minutes, less for a schedule that runs more
 * often) to finish.
 */
export function rpoAtRisk(
  schedule: Pick<Schedule, 'cron' | 'timezone' | 'jitterMs'>,
  newestGood: number | null,
  now: number,
): { atRisk: boolean; expectedSince: number | null } {
  const c = new Cron(schedule.cron, { timezone: schedule.timezone, paused: true });
  const [p1, p0] = c.previousRuns(2, new Date(now)).map((d) => d.getTime());
  if (p1 === undefined) return { atRisk: false, expectedSince: null };
  const interval = p0 === undefined ? 3_600_000 : p1 - p0;
  const grace = schedule.jitterMs + Math.min(10 * 60_000, interval);
  const have = newestGood ?? Number.NEGATIVE_INFINITY;
  if (p0 !== undefined && have < p0) return { atRisk: true, expectedSince: p0 };
  if (have < p1 && now >= p1 + grace) return { atRisk: true, expectedSince: p1 };
  return { atRisk: false, expectedSince: null };
}
