import type { DockerService } from '@/lib/docker/types';
import { type Schedule, scheduleFromLabels } from './schedule-policy';
import { backupsDb } from './schema';

/** Schedules set in the console/API (they win over the labels), and what the scheduler last did. */

interface ScheduleRow {
  service_id: string;
  cron: string;
  timezone: string;
  jitter_ms: number;
  verify_cron: string | null;
  updated_by: string;
  updated_at: string;
}

export function consoleSchedule(serviceId: string): Schedule | null {
  const r = backupsDb().prepare('SELECT * FROM backup_schedules WHERE service_id = ?').get(serviceId) as
    | ScheduleRow
    | undefined;
  return r
    ? {
        cron: r.cron,
        timezone: r.timezone,
        jitterMs: r.jitter_ms,
        verifyCron: r.verify_cron,
        source: 'console',
      }
    : null;
}

export function saveConsoleSchedule(serviceId: string, s: Omit<Schedule, 'source'>, actor: string): void {
  backupsDb()
    .prepare(
      `INSERT INTO backup_schedules (service_id, cron, timezone, jitter_ms, verify_cron, updated_by, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (service_id) DO UPDATE SET cron = excluded.cron, timezone = excluded.timezone,
         jitter_ms = excluded.jitter_ms, verify_cron = excluded.verify_cron,
         updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    )
    .run(serviceId, s.cron, s.timezone, s.jitterMs, s.verifyCron, actor, new Date().toISOString());
}

/** Back to the labels' schedule (if any). */
export function clearConsoleSchedule(serviceId: string): boolean {
  return backupsDb().prepare('DELETE FROM backup_schedules WHERE service_id = ?').run(serviceId).changes > 0;
}

/** The schedule in force: the console's, else the labels'. */
export function effectiveSchedule(svc: Pick<DockerService, 'id' | 'labels'>): {
  schedule: Schedule | null;
  problems: string[];
} {
  const fromLabels = scheduleFromLabels(svc.labels);
  const set = consoleSchedule(svc.id);
  return set ? { schedule: set, problems: [] } : fromLabels;
}

export type ScheduledWhat = 'backup' | 'verify';

export interface ScheduleState {
  lastSlot: string;
  lastJobId: string | null;
  note: string | null;
  updatedAt: string;
}

export function scheduleState(serviceId: string, what: ScheduledWhat): ScheduleState | null {
  const r = backupsDb()
    .prepare('SELECT * FROM backup_schedule_state WHERE service_id = ? AND what = ?')
    .get(serviceId, what) as
    | { last_slot: string; last_job_id: string | null; note: string | null; updated_at: string }
    | undefined;
  return r
    ? { lastSlot: r.last_slot, lastJobId: r.last_job_id, note: r.note, updatedAt: r.updated_at }
    : null;
}

export function saveScheduleState(
  serviceId: string,
  what: ScheduledWhat,
  s: Omit<ScheduleState, 'updatedAt'>,
): void {
  backupsDb()
    .prepare(
      `INSERT INTO backup_schedule_state (service_id, what, last_slot, last_job_id, note, updated_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (service_id, what) DO UPDATE SET last_slot = excluded.last_slot,
         last_job_id = excluded.last_job_id, note = excluded.note, updated_at = excluded.updated_at`,
    )
    .run(serviceId, what, s.lastSlot, s.lastJobId, s.note, new Date().toISOString());
}
