import { OPSDECK } from '@/lib/docker/labels';
import type { DockerService } from '@/lib/docker/types';
import type { Reason } from '@/lib/health/types';
import { notifySourceChanged, registerServiceSource, type ServiceContribution } from '@/lib/services/sources';
import { type BackupSummary, backupSummaries, onCatalogChanged } from './catalog';
import { backupPolicy } from './labels';
import { type Schedule, scheduleFromLabels } from './schedule-policy';
import { scheduleReasons, scheduleView } from './schedule-reasons';
import { effectiveSchedule } from './schedule-store';

/**
 * The `backups` service source: a service that declares `opsdeck.backup.policy` shows
 * `backup_overdue` when its newest backup is older than the policy, and `backup_unverified` when
 * its newest backup proven by a verify is. Time passing alone makes a service overdue, so a timer
 * re-announces the source when a deadline it saw goes by.
 */
export function backupsContribution(
  svc: DockerService,
  summary: BackupSummary | undefined,
  now = Date.now(),
  scheduled: { schedule: Schedule | null; problems: string[] } = scheduleFromLabels(svc.labels),
): { contribution: ServiceContribution; deadline: number | null } {
  const policy = backupPolicy(svc.labels);
  const reasons: Reason[] = [...policy.problems, ...scheduled.problems].map((p) => ({
    code: 'backup_policy_invalid',
    severity: 'info',
    message: p,
  }));
  const { schedule } = scheduled;
  const v = summary?.lastVerify ?? null;
  const fields = {
    backup: {
      lastAt: summary?.lastBackupAt ?? null,
      lastVerifiedAt: v?.at ?? null,
      lastVerifyOk: v ? v.ok : null,
      lastVerifyMs: v?.ms ?? null,
      schedule: schedule ? scheduleView(svc.id, schedule, now) : null,
    },
  };
  if (schedule) reasons.push(...scheduleReasons(schedule, summary, now));
  // a schedule's promises change with the clock: look again within a minute
  const scheduleDeadline = schedule ? now + 60_000 : null;
  const limit = policy.overdueAfterMs;
  if (limit === null) return { contribution: { reasons, fields }, deadline: scheduleDeadline };
  const label = svc.labels[OPSDECK.backupPolicy]?.trim() ?? '';
  const deadlines: number[] = [];
  const check = (at: string | null | undefined, code: string, what: string) => {
    const t = at ? Date.parse(at) : Number.NaN;
    if (Number.isFinite(t) && now - t <= limit) {
      deadlines.push(t + limit);
      return;
    }
    reasons.push({
      code,
      severity: 'warning',
      message: at
        ? `${what} is from ${at}, older than the policy of ${label}`
        : `No ${what.toLowerCase()} yet (policy ${label})`,
    });
  };
  check(summary?.lastBackupAt, 'backup_overdue', 'Last backup');
  check(summary?.lastVerifiedBackupAt, 'backup_unverified', 'Last verified backup');
  if (scheduleDeadline !== null) deadlines.push(scheduleDeadline);
  return {
    contribution: { reasons, fields },
    deadline: deadlines.length > 0 ? Math.min(...deadlines) : null,
  };
}

interface SourceState {
  summaries: Map<string, BackupSummary> | null;
  deadlines: Map<string, number>;
  timer: NodeJS.Timeout | null;
}

const holder = globalThis as unknown as { __opsdeckBackupsSource?: SourceState };
const CHECK_EVERY_MS = 30_000;

/** Registers the source (idempotent): from the boot hook, and lazily on first use of the module. */
export function ensureBackupsSource(): void {
  if (holder.__opsdeckBackupsSource) return;
  const state: SourceState = { summaries: null, deadlines: new Map(), timer: null };
  holder.__opsdeckBackupsSource = state;
  onCatalogChanged(() => {
    state.summaries = null;
    notifySourceChanged();
  });
  registerServiceSource({
    name: 'backups',
    contribute(svc) {
      state.summaries ??= backupSummaries();
      const { contribution, deadline } = backupsContribution(
        svc,
        state.summaries.get(svc.id),
        Date.now(),
        effectiveSchedule(svc),
      );
      if (deadline === null) state.deadlines.delete(svc.id);
      else state.deadlines.set(svc.id, deadline);
      return contribution;
    },
  });
  state.timer = setInterval(() => {
    const now = Date.now();
    let passed = false;
    for (const [id, at] of state.deadlines) {
      if (at <= now) {
        state.deadlines.delete(id);
        passed = true;
      }
    }
    if (passed) notifySourceChanged();
  }, CHECK_EVERY_MS);
  state.timer.unref();
}

export function stopBackupsSource(): void {
  const state = holder.__opsdeckBackupsSource;
  if (state?.timer) clearInterval(state.timer);
}
