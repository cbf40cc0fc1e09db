import { describe, expect, it } from 'vitest';
import type { AlertView } from '@/lib/prometheus/alerts';
import { commonMatchers, groupAlerts, prefillMatchers } from './group-alerts';

const alert = (over: Partial<AlertView>): AlertView => ({
  fingerprint: Math.random().toString(16),
  name: 'A',
  state: 'firing',
  severity: 'warning',
  labels: {},
  annotations: {},
  startsAt: null,
  serviceId: 's1',
  silencedBy: [],
  ...over,
});

describe('groupAlerts', () => {
  it('groups by service then severity, worst first, unmapped last', () => {
    const groups = groupAlerts(
      [
        alert({ serviceId: null, severity: 'critical' }),
        alert({ serviceId: 's1', severity: 'warning' }),
        alert({ serviceId: 's2', severity: 'critical' }),
        alert({ serviceId: 's2', severity: 'warning', state: 'pending' }),
      ],
      { s1: { stack: 'shop', name: 'web' }, s2: { stack: 'shop', name: 'worker' } },
    );
    expect(groups.map((g) => g.title)).toEqual(['shop/worker', 'shop/web', 'Not mapped to a service']);
    expect(groups[0]?.severities.map((s) => s.severity)).toEqual(['critical', 'warning']);
    expect(groups[0]?.firing).toBe(1);
  });
});

describe('prefillMatchers', () => {
  it('starts with alertname and leaves severity out', () => {
    expect(prefillMatchers({ severity: 'critical', job: 'x', alertname: 'Q' }).map((m) => m.name)).toEqual([
      'alertname',
      'job',
    ]);
  });
});

describe('commonMatchers', () => {
  it('keeps the labels every alert shares with one value, never severity', () => {
    const m = commonMatchers([
      { alertname: 'QueueHigh', job: 'w', severity: 'critical', instance: 'a' },
      { alertname: 'QueueHigh', job: 'w', severity: 'warning', instance: 'b' },
    ]);
    expect(m.map((x) => `${x.name}=${x.value}`)).toEqual(['alertname=QueueHigh', 'job=w']);
    expect(commonMatchers([])).toEqual([]);
  });
});
