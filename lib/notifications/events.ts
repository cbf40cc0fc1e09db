import type { RecordedIncident } from '@/lib/services/incidents';
import type { NotificationEvent } from './schemas';

interface Reasonish {
  code?: string;
}

/**
 * The notification events an incident event means. A Prometheus alert becomes `alert.firing` /
 * `alert.resolved`, which only a channel listing them receives (Alertmanager sends alerts; Opsdeck
 * does not send them twice unless a rule asks), and a silenced one none. Notification sends are none.
 */
export function notificationEventsOf(e: RecordedIncident): NotificationEvent[] {
  const a = e.attributes;
  if (e.kind === 'health') {
    const out: NotificationEvent[] = [];
    if (a.to === 'down') out.push('service.down');
    if (a.to === 'degraded') out.push('service.degraded');
    if (a.to === 'healthy' && (a.from === 'down' || a.from === 'degraded')) out.push('service.recovered');
    const reasons = (Array.isArray(a.reasons) ? a.reasons : []) as Reasonish[];
    // The backups source's reasons: overdue by age policy or by the schedule's promise (RPO), and a
    // failed or overdue scheduled restore test.
    const codes = new Set(reasons.map((r) => r.code));
    if (codes.has('backup_overdue') || codes.has('backup_rpo_at_risk')) out.push('backup.overdue');
    if (codes.has('backup_verify_failed') || codes.has('backup_verify_overdue')) out.push('verify.failed');
    return out;
  }
  if (e.kind === 'alert') {
    if (a.state === 'firing')
      return Array.isArray(a.silencedBy) && a.silencedBy.length > 0 ? [] : ['alert.firing'];
    return a.state === 'resolved' ? ['alert.resolved'] : [];
  }
  if ((e.kind === 'action' || e.kind === 'deploy' || e.kind === 'backup') && a.status !== undefined) {
    if (a.status !== 'failed' && a.status !== 'interrupted') return [];
    if (a.jobKind === 'backup') return ['backup.failed', 'job.failed'];
    if (a.jobKind === 'verify') return ['verify.failed', 'job.failed'];
    if (a.jobKind === 'deploy' && String(a.error ?? '').includes('was restored'))
      return ['deploy.rolled_back', 'job.failed'];
    return ['job.failed'];
  }
  return [];
}

/** Whether a service's labels carry every label a rule asks for (`*`: set to anything). */
export function labelsMatch(
  wanted: Record<string, string>,
  labels: Record<string, string> | undefined,
): boolean {
  const pairs = Object.entries(wanted);
  if (pairs.length === 0) return true;
  if (!labels) return false;
  return pairs.every(([k, v]) => Object.hasOwn(labels, k) && (v === '*' || labels[k] === v));
}

/** `shop/*`, `*`, `shop/api`: `*` is any run of characters other than `/`, `**` anything. */
export function globMatches(glob: string, stackAndName: string): boolean {
  if (glob === '*' || glob === '**') return true;
  const re = glob
    .split('**')
    .map((part) =>
      part
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*');
  return new RegExp(`^${re}$`).test(stackAndName);
}
