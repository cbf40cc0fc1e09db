import type { AlertView } from '@/lib/prometheus/schemas';
import { severityRank } from '@/lib/prometheus/severity';

export interface AlertGroup {
  serviceId: string | null;
  /** `stack/name`, or "Not mapped to a service" */
  title: string;
  severities: { severity: string; alerts: AlertView[] }[];
  firing: number;
}

/** Groups alerts by service, then severity; services with the worst firing alerts come first. */
export function groupAlerts(
  alerts: readonly AlertView[],
  services: Record<string, { stack: string; name: string }>,
): AlertGroup[] {
  const byService = new Map<string, AlertView[]>();
  for (const a of alerts) {
    const key = a.serviceId ?? '';
    byService.set(key, [...(byService.get(key) ?? []), a]);
  }
  const groups: AlertGroup[] = [...byService.entries()].map(([key, list]) => {
    const svc = key ? services[key] : undefined;
    const bySeverity = new Map<string, AlertView[]>();
    for (const a of list) bySeverity.set(a.severity, [...(bySeverity.get(a.severity) ?? []), a]);
    return {
      serviceId: key || null,
      title: key
        ? svc
          ? `${svc.stack ? `${svc.stack}/` : ''}${svc.name}`
          : 'Unknown service'
        : 'Not mapped to a service',
      severities: [...bySeverity.entries()]
        .sort((a, b) => severityRank(b[0]) - severityRank(a[0]) || a[0].localeCompare(b[0]))
        .map(([severity, alerts]) => ({ severity, alerts })),
      firing: list.filter((a) => a.state === 'firing').length,
    };
  });
  const worst = (g: AlertGroup) =>
    Math.max(
      ...g.severities.flatMap((s) =>
        s.alerts.filter((a) => a.state === 'firing').map(() => severityRank(s.severity)),
      ),
      -1,
    );
  return groups.sort(
    (a, b) =>
      Number(a.serviceId === null) - Number(b.serviceId === null) ||
      worst(b) - worst(a) ||
      b.firing - a.firing ||
      a.title.localeCompare(b.title),
  );
}

/** Matchers a silence form starts with: the alert's identifying labels (not its severity). */
export function prefillMatchers(labels: Record<string, string>) {
  return Object.entries(labels)
    .filter(([name]) => name !== 'severity')
    .sort(([a], [b]) => (a === 'alertname' ? -1 : b === 'alertname' ? 1 : a.localeCompare(b)))
    .map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }));
}

/**
 * Matchers for silencing a whole service: the labels (but severity) that every one of its alerts
 * carries with the same value. One alert gives its own identifying labels.
 */
export function commonMatchers(labelSets: readonly Record<string, string>[]) {
  const [first, ...rest] = labelSets;
  if (!first) return [];
  const shared = Object.fromEntries(
    Object.entries(first).filter(([k, v]) => rest.every((labels) => labels[k] === v)),
  );
  return prefillMatchers(shared);
}
