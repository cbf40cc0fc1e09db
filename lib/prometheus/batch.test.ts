import { describe, expect, it } from 'vitest';
import { silenceMatches } from './alertmanager';
import { AlertOwnerIndex, labelsFingerprint } from './alerts';
import { batchQuery, ExpressionVerdicts, matrixByLabel, upQuery, vectorByLabel } from './batch';

describe('batchQuery', () => {
  it('builds one query for all services, each tagged with its id', () => {
    const q = batchQuery([
      { key: 'aWQx', expr: 'sum(queue_size{job="a"})' },
      { key: 'aWQy', expr: 'pipeline_queue_size' },
    ]);
    expect(q).toBe(
      'label_replace(sum((sum(queue_size{job="a"}))), "opsdeck_service", "aWQx", "", "") or ' +
        'label_replace(sum((pipeline_queue_size)), "opsdeck_service", "aWQy", "", "")',
    );
  });

  it('grows linearly in text but stays one query', () => {
    const items = Array.from({ length: 100 }, (_, i) => ({ key: `s${i}`, expr: 'up' }));
    expect(batchQuery(items).split(' or ')).toHaveLength(100);
  });

  it('escapes job names in the up query', () => {
    expect(upQuery(['b', 'a.b', 'a.b', 'x"y'])).toBe('min by (job) (up{job=~"a\\\\.b|b|x\\"y"})');
  });
});

describe('result splitting', () => {
  it('maps vector samples by label; NaN is unknown', () => {
    const m = vectorByLabel(
      [
        { metric: { opsdeck_service: 'a' }, value: [1, '3'] },
        { metric: { opsdeck_service: 'b' }, value: [1, 'NaN'] },
        { metric: {}, value: [1, '7'] },
      ],
      'opsdeck_service',
    );
    expect([...m]).toEqual([
      ['a', 3],
      ['b', null],
    ]);
  });
  it('maps matrices and drops non-finite points', () => {
    const m = matrixByLabel(
      [
        {
          metric: { opsdeck_service: 'a' },
          values: [
            [1, '1'],
            [2, '+Inf'],
            [3, '2'],
          ],
        },
      ],
      'opsdeck_service',
    );
    expect(m.get('a')).toEqual([
      [1, 1],
      [3, 2],
    ]);
  });
});

describe('ExpressionVerdicts', () => {
  it('remembers a bad expression for a while, then forgets it', () => {
    let now = 0;
    const v = new ExpressionVerdicts(() => now);
    v.markBad('x(', 'parse error');
    expect(v.badMessage('x(')).toBe('parse error');
    now += 6 * 60_000;
    expect(v.badMessage('x(')).toBeUndefined();
    v.markGood('up');
    expect(v.isKnownGood('up')).toBe(true);
  });
});

describe('alerts helpers', () => {
  it('fingerprints a label set like Alertmanager (FNV-1a 64, sorted)', () => {
    expect(labelsFingerprint({})).toBe('cbf29ce484222325');
    expect(labelsFingerprint({ b: '2', a: '1' })).toBe(labelsFingerprint({ a: '1', b: '2' }));
    expect(labelsFingerprint({ a: '1' })).not.toBe(labelsFingerprint({ a: '2' }));
  });

  it('matches silences with anchored regexes and negation', () => {
    const labels = { alertname: 'QueueHigh', job: 'shop-worker' };
    expect(
      silenceMatches([{ name: 'alertname', value: 'QueueHigh', isRegex: false, isEqual: true }], labels),
    ).toBe(true);
    expect(silenceMatches([{ name: 'job', value: 'shop', isRegex: true, isEqual: true }], labels)).toBe(
      false,
    );
    expect(silenceMatches([{ name: 'job', value: 'shop-.*', isRegex: true, isEqual: true }], labels)).toBe(
      true,
    );
    expect(
      silenceMatches([{ name: 'job', value: 'shop-worker', isRegex: false, isEqual: false }], labels),
    ).toBe(false);
    expect(silenceMatches([{ name: 'job', value: '(', isRegex: true, isEqual: true }], labels)).toBe(false);
  });

  it('runs silence regexes in linear time (RE2), whatever the label value', () => {
    // catastrophic backtracking for a JS RegExp: 2^n steps on n a's followed by no b
    const hostile = { job: `${'a'.repeat(50_000)}!` };
    const started = performance.now();
    expect(silenceMatches([{ name: 'job', value: '(a+)+b', isRegex: true, isEqual: true }], hostile)).toBe(
      false,
    );
    // generous: a backtracking engine would not finish this in any lifetime, RE2 takes milliseconds
    expect(performance.now() - started).toBeLessThan(5_000);
    // what RE2 (and so Alertmanager) refuses never matches
    expect(
      silenceMatches([{ name: 'job', value: '(?=shop).*', isRegex: true, isEqual: true }], hostile),
    ).toBe(false);
  });
});

describe('AlertOwnerIndex', () => {
  const index = new AlertOwnerIndex([
    { serviceId: 'web', stack: 'cat', name: 'web', job: 'cat-web' },
    { serviceId: 'ml', stack: 'cat', name: 'ml', job: 'cat-ml' },
  ]);
  it('maps by stack and service first (a relabelled consumer), else by job', () => {
    expect(index.ownerOf({ job: 'cat-web', stack: 'cat', service: 'ml' })).toBe('ml');
    expect(index.ownerOf({ job: 'cat-web' })).toBe('web');
    expect(index.ownerOf({ job: 'cat-web', stack: 'cat', service: 'gone' })).toBe('web');
    expect(index.ownerOf({ job: 'other' })).toBeNull();
    expect(index.ownerOf({})).toBeNull();
  });
});
