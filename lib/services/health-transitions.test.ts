import { describe, expect, it } from 'vitest';
import type { HealthStatus, Reason } from '@/lib/health/types';
import { healthTransitions, type LastStatus } from './health-transitions';
import type { Service } from './types';

function svc(status: HealthStatus, reasons: Reason[] = []): Service {
  return {
    id: 'svc-1',
    host: 'local',
    stack: 'shop',
    name: 'worker',
    kind: 'compose',
    status,
    reasons,
    replicas: { desired: 1, running: status === 'down' ? 0 : 1, healthy: status === 'healthy' ? 1 : 0 },
    containers: [],
    image: {
      ref: 'img',
      updateAvailable: null,
      checkedAt: null,
      currentDigest: null,
      remoteDigest: null,
      error: null,
      note: null,
    },
    labels: {},
    updatedAt: '2026-11-28T00:00:00Z',
    queue: null,
    swarm: null,
    metrics: {},
    alerts: { firing: 0, pending: 0 },
    up: null,
    backup: { lastAt: null, lastVerifiedAt: null, lastVerifyOk: null, lastVerifyMs: null, schedule: null },
  };
}
const down: Reason = {
  code: 'no_replicas_running',
  severity: 'critical',
  message: '0 of 1 replicas running',
};
const notReady: Reason = {
  code: 'probe_ready_failed',
  severity: 'warning',
  message: 'ready probe answered 503',
};

describe('healthTransitions', () => {
  it('records healthy → degraded → down → recovered once each, with the reasons at that moment', () => {
    const last: LastStatus = new Map();
    const at = '2026-11-28T03:00:00.000Z';
    expect(healthTransitions(last, [svc('healthy')], at)).toEqual([]);
    const degraded = healthTransitions(last, [svc('degraded', [notReady])], at);
    expect(degraded.map((t) => t.summary)).toEqual([
      'shop/worker is degraded (was healthy): ready probe answered 503',
    ]);
    expect(healthTransitions(last, [svc('degraded', [notReady])], at)).toEqual([]);
    const isDown = healthTransitions(last, [svc('down', [down])], at);
    expect(isDown[0]).toMatchObject({
      kind: 'health',
      severity: 'critical',
      attributes: { from: 'degraded', to: 'down' },
    });
    const back = healthTransitions(last, [svc('healthy')], at);
    expect(back[0]).toMatchObject({ summary: 'shop/worker recovered (was down)', severity: 'ok' });
  });

  it('keeps the last known status through `unknown` (engine unreachable): no false recovery after it', () => {
    const last: LastStatus = new Map([['svc-1', 'down']]);
    expect(healthTransitions(last, [svc('unknown')], 'x')).toEqual([]);
    expect(healthTransitions(last, [svc('down', [down])], 'x')).toEqual([]);
  });

  it('records a service first seen broken, not one first seen healthy', () => {
    expect(healthTransitions(new Map(), [svc('down', [down])], 'x')[0]?.summary).toBe(
      'shop/worker is down: 0 of 1 replicas running',
    );
  });
});
