import { env } from '@/lib/config/env';
import type { DockerService } from '@/lib/docker/types';
import { AppError } from '@/lib/errors';
import { logger } from '@/lib/log/logger';
import { listDockerServices } from '@/lib/services';
import { isOpsdeckItself } from '@/lib/services/self';
import { type Backup, listBackups } from './catalog';
import { startBackupJob, startOffsiteCopyJob, startVerifyJob } from './jobs';
import { offsiteGaps, offsiteTargets } from './offsite';
import { dueSlots, jitterOffset, type Schedule } from './schedule-policy';
import { effectiveSchedule, type ScheduledWhat, saveScheduleState, scheduleState } from './schedule-store';

/**
 * Runs scheduled backups and restore tests. Every few seconds it asks, per service and schedule,
 * which slots fell since the last one it handled (kept in the store, so a restart forgets nothing):
 * none → nothing; one → run; several → run ONCE and say how many were missed. A service that is
 * busy (another job holds its lock: the job engine never runs two on one service) is tried again
 * on the next tick, the slot still pending. A schedule seen for the first time starts from now:
 * slots before Opsdeck knew of it are not "missed".
 */
export const SCHEDULER_ACTOR = 'scheduler';
/** Short enough that `* * * * *` runs within a minute of its slot, cheap (no engine call per tick). */
const TICK_MS = 5_000;

export interface TickOutcome {
  serviceId: string;
  what: ScheduledWhat;
  slot: string;
  missed: number;
  jobId: string | null;
  note: string;
}

async function runOne(
  svc: DockerService,
  what: ScheduledWhat,
  schedule: Schedule,
  cron: string,
  now: number,
): Promise<TickOutcome | null> {
  const state = scheduleState(svc.id, what);
  if (!state) {
    saveScheduleState(svc.id, what, {
      lastSlot: new Date(now).toISOString(),
      lastJobId: null,
      note: 'schedule seen',
    });
    return null;
  }
  const offset = jitterOffset(svc.id, schedule.jitterMs);
  const due = dueSlots(cron, schedule.timezone, offset, Date.parse(state.lastSlot), now);
  if (due.latest === null) return null;
  const slot = new Date(due.latest).toISOString();
  const missed = due.count - 1;
  const note =
    missed > 0
      ? `${missed} scheduled ${what} run(s) were missed (Opsdeck down or the service busy since ${state.lastSlot}); running once now for ${slot}`
      : `scheduled ${what} for ${slot}`;
  const req = {
    actor: SCHEDULER_ACTOR,
    requestId: `schedule-${what}-${slot}`,
    // the same slot never starts twice, even if two ticks overlap
    idempotencyKey: `schedule:${what}:${svc.id}:${slot}`,
  };
  let jobId: string | null = null;
  try {
    if (what === 'backup') jobId = (await startBackupJob(svc.id, req, { note })).id;
    else {
      const newest = listBackups({ serviceId: svc.id, limit: 20 }).find((b) => b.kind !== 'undo');
      if (newest) jobId = (await startVerifyJob(newest.id, req, { note })).id;
    }
  } catch (err) {
    if (err instanceof AppError && err.code === 'conflict') {
      // busy: the slot stays pending, tried again next tick
      return { serviceId: svc.id, what, slot, missed, jobId: null, note: `busy: ${err.message}` };
    }
    throw err;
  }
  const saved = jobId ? note : `${note}: no backup to restore-test yet`;
  saveScheduleState(svc.id, what, { lastSlot: slot, lastJobId: jobId, note: saved });
  return { serviceId: svc.id, what, slot, missed, jobId, note: saved };
}

/** One pass over every service; exported for tests, which drive time themselves. */
export async function schedulerTick(now = Date.now()): Promise<TickOutcome[]> {
  const outcomes: TickOutcome[] = [];
  for (const svc of await listDockerServices()) {
    if (isOpsdeckItself(svc)) continue;
    const { schedule } = effectiveSchedule(svc);
    if (!schedule) continue;
    const plans: [ScheduledWhat, string | null][] = [
      ['backup', schedule.cron],
      ['verify', schedule.verifyCron],
    ];
    for (const [what, cron] of plans) {
      if (!cron) continue;
      try {
        const r = await runOne(svc, what, schedule, cron, now);
        if (r) outcomes.push(r);
      } catch (err) {
        logger().warn({ err, service: svc.id, what }, 'scheduled backup run could not start');
      }
    }
  }
  return outcomes;
}

/**
 * The off-site sweep: a copy that failed (bucket down, cut off mid-file) is normally carried by the
 * service's next backup; a service with no next backup (schedule off, service gone) would keep the
 * gap for ever. Every OPSDECK_OFFSITE_SWEEP_MINUTES this starts an `offsite-copy` job for each
 * service whose newest 100 backups a target lacks. Returns the jobs started.
 */
export async function offsiteSweep(now = Date.now()): Promise<string[]> {
  if (offsiteTargets().length === 0) return [];
  const byService = new Map<string, Backup[]>();
  for (const b of listBackups({ limit: 5000 })) {
    const list = byService.get(b.serviceId) ?? [];
    if (list.length < 100) list.push(b);
    byService.set(b.serviceId, list);
  }
  const started: string[] = [];
  const slot = new Date(now).toISOString();
  for (const [serviceId, backups] of byService) {
    try {
      if (!(await offsiteGaps(backups))) continue;
      const job = await startOffsiteCopyJob(serviceId, {
        actor: SCHEDULER_ACTOR,
        requestId: `offsite-sweep-${slot}`,
        idempotencyKey: `offsite:${serviceId}:${slot}`,
      });
      started.push(job.id);
    } catch (err) {
      // busy (a copy already running) or the target unreachable: the next sweep tries again
      logger().warn({ err, service: serviceId }, 'off-site sweep could not start a copy');
    }
  }
  return started;
}

const holder = globalThis as unknown as { __opsdeckBackupScheduler?: NodeJS.Timeout };

export function startBackupScheduler(): void {
  if (holder.__opsdeckBackupScheduler) return;
  let running = false;
  // the first sweep a minute after boot, when the inventory and the catalog have settled
  let nextSweep = Date.now() + 60_000;
  holder.__opsdeckBackupScheduler = setInterval(() => {
    if (running) return;
    running = true;
    const sweepMinutes = env().OPSDECK_OFFSITE_SWEEP_MINUTES;
    const sweep = sweepMinutes > 0 && Date.now() >= nextSweep;
    if (sweep) nextSweep = Date.now() + sweepMinutes * 60_000;
    schedulerTick()
      .then((outcomes) => {
        for (const o of outcomes)
          if (o.jobId) logger().info({ service: o.serviceId, job: o.jobId, missed: o.missed }, o.note);
      })
      .then(() => (sweep ? offsiteSweep() : []))
      .catch((err: unknown) => logger().warn({ err }, 'backup scheduler tick failed'))
      .finally(() => {
        running = false;
      });
  }, TICK_MS);
  holder.__opsdeckBackupScheduler.unref();
}

export function stopBackupScheduler(): void {
  if (holder.__opsdeckBackupScheduler) clearInterval(holder.__opsdeckBackupScheduler);
  holder.__opsdeckBackupScheduler = undefined;
}
