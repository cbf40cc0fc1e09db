import { type Silence, silenceMatches } from './alertmanager';
import type { AlertView } from './schemas';
import { severityRank } from './severity';

export { severityRank } from './severity';

import type { PromAlert } from './client';

export type { AlertView };
export type AlertState = AlertView['state'];

/** Who an alert can belong to: a service's Prometheus job and its stack/name. */
export interface AlertOwner {
  serviceId: string;
  stack: string;
  name: string;
  job: string | null;
}

/** Finds the service an alert belongs to: its `stack` + `service` labels, else its `job`. */
export class AlertOwnerIndex {
  private readonly byJob = new Map<string, string>();
  private readonly byStackService = new Map<string, string>();

  constructor(owners: readonly AlertOwner[]) {
    // sorted so a job shared by several services always maps to the same one
    for (const o of [...owners].sort((a, b) => a.serviceId.localeCompare(b.serviceId))) {
      if (o.job && !this.byJob.has(o.job)) this.byJob.set(o.job, o.serviceId);
      const key = `${o.stack}\u0000${o.name}`;
      if (!this.byStackService.has(key)) this.byStackService.set(key, o.serviceId);
    }
  }

  /** `stack` + `service` name one service exactly, so they win over a `job` several may share. */
  ownerOf(labels: Record<string, string>): string | null {
    const stack = labels.stack;
    const service = labels.service;
    if (stack !== undefined && service !== undefined) {
      const id = this.byStackService.get(`${stack}\u0000${service}`);
      if (id) return id;
    }
    const job = labels.job;
    return job !== undefined ? (this.byJob.get(job) ?? null) : null;
  }
}

export function toAlertViews(
  alerts: readonly PromAlert[],
  owners: AlertOwnerIndex,
  silences: readonly Silence[],
) {
  const active = silences.filter((s) => s.status.state === 'active');
  const views: AlertView[] = [];
  for (const a of alerts) {
    if (a.state === 'inactive') continue;
    views.push({
      fingerprint: labelsFingerprint(a.labels),
      name: a.labels.alertname ?? '(unnamed)',
      state: a.state,
      severity: a.labels.severity ?? 'none',
      labels: a.labels,
      annotations: a.annotations,
      startsAt: a.activeAt && !a.activeAt.startsWith('0001-') ? a.activeAt : null,
      serviceId: owners.ownerOf(a.labels),
      silencedBy: active.filter((s) => silenceMatches(s.matchers, a.labels)).map((s) => s.id),
    });
  }
  const stateOrder = { firing: 0, pending: 1 } as const;
  views.sort(
    (x, y) =>
      stateOrder[x.state] - stateOrder[y.state] ||
      severityRank(y.severity) - severityRank(x.severity) ||
      x.name.localeCompare(y.name) ||
      x.fingerprint.localeCompare(y.fingerprint),
  );
  return views;
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;
const encoder = new TextEncoder();

/**
 * Alertmanager's fingerprint of a label set (FNV-1a 64 over sorted name/value pairs, 0xff separated),
 * so an alert has the same id here as in Alertmanager.
 */
export function labelsFingerprint(labels: Record<string, string>): string {
  let h = FNV_OFFSET;
  const add = (bytes: Uint8Array) => {
    for (const b of bytes) h = ((h ^ BigInt(b)) * FNV_PRIME) & MASK;
  };
  const sep = new Uint8Array([0xff]);
  for (const name of Object.keys(labels).sort()) {
    add(encoder.encode(name));
    add(sep);
    add(encoder.encode(labels[name] ?? ''));
    add(sep);
  }
  return h.toString(16).padStart(16, '0');
}
