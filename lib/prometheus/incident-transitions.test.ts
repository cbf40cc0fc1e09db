import { describe, expect, it } from 'vitest';
import { AlertOwnerIndex, type AlertView } from './alerts';
import { alertTransitions, silenceTransitions } from './incident-transitions';
import type { Silence } from './schemas';

const alert = (over: Partial<AlertView> = {}): AlertView => ({
  fingerprint: 'f1',
  name: 'QueueBacklog',
  state: 'firing',
  severity: 'critical',
  labels: { alertname: 'QueueBacklog', stack: 'shop', service: 'worker' },
  annotations: { summary: '<img src=x onerror=alert(1)> backlog > 100' },
  startsAt: '2026-11-28T02:59:00Z',
  serviceId: 'svc-1',
  silencedBy: [],
  ...over,
});

describe('alertTransitions', () => {
  it('records firing once, with labels and annotations kept as text, and resolved when it stops', () => {
    const fired = alertTransitions([], [alert()], 'T1');
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({
      serviceId: 'svc-1',
      kind: 'alert',
      severity: 'critical',
      summary: 'QueueBacklog firing (critical): <img src=x onerror=alert(1)> backlog > 100',
      dedupeKey: 'alert:f1:2026-11-28T02:59:00Z:firing',
    });
    expect(alertTransitions([alert()], [alert()], 'T2')).toEqual([]);
    const resolved = alertTransitions([alert()], [], 'T3');
    expect(resolved[0]).toMatchObject({ summary: 'QueueBacklog resolved', severity: 'ok', at: 'T3' });
  });

  it('ignores pending alerts and alerts that belong to no service', () => {
    expect(
      alertTransitions([], [alert({ state: 'pending' }), alert({ fingerprint: 'f2', serviceId: null })], 'T'),
    ).toEqual([]);
  });
});

describe('silenceTransitions', () => {
  const owners = new AlertOwnerIndex([
    { serviceId: 'svc-1', stack: 'shop', name: 'worker', job: 'shop-worker' },
  ]);
  const silence = (state: Silence['status']['state']): Silence => ({
    id: 's1',
    status: { state },
    updatedAt: 'x',
    comment: 'deploying',
    createdBy: 'alice',
    startsAt: 'a',
    endsAt: '2026-11-28T05:00:00Z',
    matchers: [{ name: 'job', value: 'shop-worker', isRegex: false, isEqual: true }],
  });
  it('puts a silence made and its expiry on the service its matchers pin', () => {
    const made = silenceTransitions([], [silence('active')], owners, 'T');
    expect(made[0]).toMatchObject({ serviceId: 'svc-1', kind: 'silence', dedupeKey: 'silence:s1:made' });
    expect(made[0]?.summary).toContain('silenced by alice until 2026-11-28T05:00:00Z: deploying');
    const expired = silenceTransitions([silence('active')], [silence('expired')], owners, 'T');
    expect(expired[0]?.summary).toBe('silence by alice expired (job="shop-worker")');
  });
});
