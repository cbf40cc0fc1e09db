import type { IncidentInput } from '@/lib/services/incidents';
import type { AlertOwnerIndex, AlertView } from './alerts';
import type { Silence } from './schemas';

const ANNOTATION_MAX = 300;
const clip = (s: string) => (s.length > ANNOTATION_MAX ? `${s.slice(0, ANNOTATION_MAX)}…` : s);
const alertSeverity = (s: string) => (s === 'critical' || s === 'page' ? 'critical' : 'warning');

/** The alert's own instance: a rule that fires again later is a new story entry. */
const alertKey = (a: AlertView) => `${a.fingerprint}:${a.startsAt ?? ''}`;

/**
 * Alerts that started or stopped firing between two refreshes, as timeline entries of the service
 * they belong to. Labels and annotations are copied as untrusted text (the views render text only).
 * Only called when Prometheus answered: an unreachable Prometheus resolves nothing.
 */
export function alertTransitions(
  prev: readonly AlertView[],
  next: readonly AlertView[],
  at: string,
): IncidentInput[] {
  const firing = (list: readonly AlertView[]) =>
    new Map(list.filter((a) => a.state === 'firing' && a.serviceId).map((a) => [alertKey(a), a]));
  const before = firing(prev);
  const now = firing(next);
  const out: IncidentInput[] = [];
  for (const [key, a] of now) {
    if (before.has(key)) continue;
    const about = a.annotations.summary ?? a.annotations.description;
    out.push({
      serviceId: a.serviceId as string,
      kind: 'alert',
      summary: `${a.name} firing (${a.severity})${about ? `: ${clip(about)}` : ''}`,
      severity: alertSeverity(a.severity),
      at,
      attributes: {
        state: 'firing',
        alertname: a.name,
        fingerprint: a.fingerprint,
        activeAt: a.startsAt,
        labels: a.labels,
        annotations: a.annotations,
        silencedBy: a.silencedBy,
      },
      dedupeKey: `alert:${key}:firing`,
    });
  }
  for (const [key, a] of before) {
    if (now.has(key)) continue;
    out.push({
      serviceId: a.serviceId as string,
      kind: 'alert',
      summary: `${a.name} resolved`,
      severity: 'ok',
      at,
      attributes: {
        state: 'resolved',
        alertname: a.name,
        fingerprint: a.fingerprint,
        activeAt: a.startsAt,
        labels: a.labels,
      },
      dedupeKey: `alert:${key}:resolved`,
    });
  }
  return out;
}

/** The service a silence is about: its equality matchers read as an alert's labels. */
function silenceOwner(s: Silence, owners: AlertOwnerIndex): string | null {
  const labels: Record<string, string> = {};
  for (const m of s.matchers) if (!m.isRegex && m.isEqual !== false) labels[m.name] = m.value;
  return owners.ownerOf(labels);
}

const describeMatchers = (s: Silence) =>
  s.matchers
    .map((m) => `${m.name}${m.isEqual === false ? '!' : ''}${m.isRegex ? '~' : '='}"${m.value}"`)
    .join(', ');

/** Silences made (now active) and expired (active before, not any more) between two refreshes. */
export function silenceTransitions(
  prev: readonly Silence[],
  next: readonly Silence[],
  owners: AlertOwnerIndex,
  at: string,
): IncidentInput[] {
  const active = (list: readonly Silence[]) =>
    new Map(list.filter((s) => s.status.state === 'active').map((s) => [s.id, s]));
  const before = active(prev);
  const now = active(next);
  const out: IncidentInput[] = [];
  const entry = (s: Silence, made: boolean): IncidentInput | null => {
    const serviceId = silenceOwner(s, owners);
    if (!serviceId) return null;
    return {
      serviceId,
      kind: 'silence',
      summary: made
        ? `silenced by ${s.createdBy} until ${s.endsAt}: ${clip(s.comment)} (${describeMatchers(s)})`
        : `silence by ${s.createdBy} expired (${describeMatchers(s)})`,
      severity: 'info',
      at,
      attributes: {
        silenceId: s.id,
        createdBy: s.createdBy,
        endsAt: s.endsAt,
        comment: s.comment,
        matchers: s.matchers,
      },
      dedupeKey: `silence:${s.id}:${made ? 'made' : 'expired'}`,
    };
  };
  for (const [id, s] of now) {
    const e = before.has(id) ? null : entry(s, true);
    if (e) out.push(e);
  }
  for (const [id, s] of before) {
    const e = now.has(id) ? null : entry(s, false);
    if (e) out.push(e);
  }
  return out;
}
