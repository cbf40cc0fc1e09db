import { describe, expect, it } from 'vitest';
import { collapseRepeats } from './collapse';
import type { IncidentEvent } from './types';

type Member = Omit<IncidentEvent, 'count' | 'firstAt' | 'members'>;
let seq = 1000;
const t0 = Date.parse('2026-11-28T03:00:00Z');
function ev(
  kind: Member['kind'],
  summary: string,
  secondsAgo: number,
  attributes: Record<string, unknown> = {},
): Member {
  return {
    id: `event-${seq--}`,
    at: new Date(t0 - secondsAgo * 1000).toISOString(),
    kind,
    summary,
    severity: 'info',
    serviceId: 'svc',
    containerName: 'shop-worker-1',
    attributes,
  };
}

describe('collapseRepeats', () => {
  it('turns a crash loop into "restarted N× in M min, exit code C" with every member kept', () => {
    const loop: Member[] = [];
    for (let i = 0; i < 14; i++) {
      loop.push(ev('container', 'shop-worker-1: start', i * 13));
      loop.push({
        ...ev('container', 'shop-worker-1 exited with code 3', i * 13 + 6, { action: 'die', exitCode: 3 }),
        severity: 'warning',
      });
    }
    for (const e of loop) if (e.summary.endsWith('start')) e.attributes = { action: 'start' };
    const before = ev('deploy', 'deploy by alice succeeded', 2000);
    const out = collapseRepeats([...loop, before]);
    expect(out).toHaveLength(2);
    expect(out[0]?.summary).toBe('shop-worker-1 restarted 14× in 3 min, exit code 3');
    expect(out[0]?.count).toBe(28);
    expect(out[0]?.members?.map((m) => m.id)).toEqual(loop.map((m) => m.id));
    expect(out[0]?.firstAt).toBe(loop[loop.length - 1]?.at);
    expect(out[0]?.severity).toBe('warning');
    expect(out[1]?.summary).toBe('deploy by alice succeeded');
  });

  it('keeps a group id while the loop grows: an entry expanded in the view stays expanded', () => {
    const round = (secondsAgo: number): Member[] => [
      ev('container', 'w: start', secondsAgo, { action: 'start' }),
      ev('container', 'w exited with code 3', secondsAgo + 1, { action: 'die', exitCode: 3 }),
    ];
    const older = [...round(20), ...round(30), ...round(40)];
    const before = collapseRepeats(older);
    const after = collapseRepeats([...round(0), ...round(10), ...older]);
    expect(before).toHaveLength(1);
    expect(after).toHaveLength(1);
    expect(after[0]?.count).toBe(10);
    expect(after[0]?.id).toBe(before[0]?.id);
    // a different loop (other members) has another id
    expect(collapseRepeats([...round(100), ...round(110)])[0]?.id).not.toBe(before[0]?.id);
  });

  it('keeps one die/start pair as two entries: one restart is not a loop', () => {
    const out = collapseRepeats([
      ev('container', 'w: start', 0, { action: 'start' }),
      ev('container', 'w exited with code 1', 1, { action: 'die', exitCode: 1 }),
    ]);
    expect(out.map((e) => e.summary)).toEqual(['w: start', 'w exited with code 1']);
  });

  it('collapses identical lines whose numbers differ (a probe failing every 5 s)', () => {
    const out = collapseRepeats([
      ev('probe', 'ready probe http://127.0.0.1:8080/ready answered 503 in 12 ms', 0),
      ev('probe', 'ready probe http://127.0.0.1:8080/ready answered 503 in 15 ms', 5),
      ev('probe', 'ready probe http://127.0.0.1:8080/ready answered 503 in 9 ms', 10),
      ev('alert', 'QueueBacklog firing (warning)', 11),
    ]);
    expect(out).toHaveLength(2);
    expect(out[0]?.summary).toBe(
      'ready probe http://127.0.0.1:8080/ready answered 503 in 12 ms (3× in 10 s)',
    );
    expect(out[0]?.members).toHaveLength(3);
  });

  it('does not join repeats more than ten minutes apart', () => {
    const out = collapseRepeats([
      ev('probe', 'p failed', 0),
      ev('probe', 'p failed', 5),
      ev('probe', 'p failed', 5 + 11 * 60),
    ]);
    expect(out.map((e) => e.count ?? 1)).toEqual([1, 1, 1]);
  });
});

describe('collapseRepeats with health flapping inside a crash loop', () => {
  it('keeps the flaps as members of the loop, and the transition that began it outside', () => {
    const out = collapseRepeats([
      ev('container', 'w: start', 0, { action: 'start' }),
      ev('health', 'shop/w is degraded (was down)', 1),
      ev('container', 'w exited with code 3', 2, { action: 'die', exitCode: 3 }),
      ev('health', 'shop/w is down (was degraded)', 3),
      ev('container', 'w: start', 4, { action: 'start' }),
      ev('container', 'w exited with code 3', 5, { action: 'die', exitCode: 3 }),
      ev('health', 'shop/w is down (was healthy)', 6),
    ]);
    expect(out.map((e) => e.summary)).toEqual([
      'shop-worker-1 restarted 2× in 5 s, exit code 3',
      'shop/w is down (was healthy)',
    ]);
    expect(out[0]?.members).toHaveLength(6);
  });
});
