import type { Reason } from '@/lib/health/types';
import type { BackupSummary } from './catalog';
import { jitterOffset, nextSlot, rpoAtRisk, type Schedule } from './schedule-policy';

/**
 * What a schedule promises, checked against the catalog: `backup_rpo_at_risk` when the newest good
 * backup is older than the schedule says it should be, `backup_verify_failed` when the newest restore
 * test failed, `backup_verify_overdue` when the restore-test schedule was not kept. Each is a warning:
 * the service shows degraded with that reason.
 */
export function scheduleReasons(
  schedule: Schedule,
  summary: BackupSummary | undefined,
  now: number,
): Reason[] {
  const reasons: Reason[] = [];
  const good = summary?.lastGoodBackupAt ? Date.parse(summary.lastGoodBackupAt) : null;
  const rpo = rpoAtRisk(schedule, good, now);
  if (rpo.atRisk)
    reasons.push({
      code: 'backup_rpo_at_risk',
      severity: 'warning',
      message: `RPO at risk: the schedule "${schedule.cron}" (${schedule.timezone}) promised a backup since ${new Date(rpo.expectedSince ?? now).toISOString()}; newest good backup: ${summary?.lastGoodBackupAt ?? 'none'}`,
    });
  const v = summary?.lastVerify ?? null;
  if (v && !v.ok)
    reasons.push({
      code: 'backup_verify_failed',
      severity: 'warning',
      message: `Last restore test (${v.at}) failed: ${(v.message ?? '').slice(0, 300)}`,
    });
  if (schedule.verifyCron && summary?.firstBackupAt) {
    const lastOk = v?.ok ? Date.parse(v.at) : null;
    const due = rpoAtRisk({ ...schedule, cron: schedule.verifyCron }, lastOk, now);
    // a restore test is owed only for slots after the first backup there is to test
    const firstBackup = Date.parse(summary.firstBackupAt);
    if (due.atRisk && due.expectedSince !== null && firstBackup < due.expectedSince)
      reasons.push({
        code: 'backup_verify_overdue',
        severity: 'warning',
        message: `Restore test overdue: "${schedule.verifyCron}" promised one since ${new Date(due.expectedSince).toISOString()}; last passed: ${v?.ok ? v.at : 'never'}`,
      });
  }
  return reasons;
}

/** The schedule as the API shows it, with the next backup's time (jitter applied). */
export function scheduleView(serviceId: string, schedule: Schedule, now: number) {
  const next = nextSlot(schedule.cron, schedule.timezone, jitterOffset(serviceId, schedule.jitterMs), now);
  return {
    cron: schedule.cron,
    timezone: schedule.timezone,
    source: schedule.source,
    verifyCron: schedule.verifyCron,
    nextAt: next === null ? null : new Date(next).toISOString(),
  };
}
