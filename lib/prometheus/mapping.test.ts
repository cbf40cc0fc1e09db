import { describe, expect, it } from 'vitest';
import type { DockerService } from '@/lib/docker/types';
import { parseMappingConfig } from './config-file';
import { expressionProblem } from './expression';
import { hasPrometheusMapping, queueLevel, serviceQueries } from './mapping';

function svc(labels: Record<string, string>, stack = 'shop', name = 'worker'): DockerService {
  return {
    id: `${stack}-${name}`,
    host: 'local',
    stack,
    name,
    kind: 'compose',
    desired: 1,
    containers: [],
    labels,
    image: 'x',
    updatedAt: '2026-01-01T00:00:00Z',
  };
}
const noConfig = { services: {}, error: null };

describe('serviceQueries', () => {
  it('reads job, queue with thresholds and metric tiles from labels', () => {
    const q = serviceQueries(
      svc({
        'opsdeck.prometheus.job': 'shop-worker',
        'opsdeck.queue': 'sum(queue_size{job="shop-worker"})',
        'opsdeck.queue.warn': '50',
        'opsdeck.queue.critical': '100',
        'opsdeck.metric.error_rate': 'rate(errors_total[1m])',
        'opsdeck.metric.latency_p95': 'histogram_quantile(0.95, rate(x_bucket[5m]))',
        unrelated: 'x',
      }),
      noConfig,
    );
    expect(q.job).toBe('shop-worker');
    expect(q.queue).toEqual({ expr: 'sum(queue_size{job="shop-worker"})', warn: 50, critical: 100 });
    expect(Object.keys(q.metrics)).toEqual(['error_rate', 'latency_p95']);
    expect(q.problems).toEqual([]);
    expect(hasPrometheusMapping(q)).toBe(true);
  });

  it('reports bad thresholds, tile names and unbalanced expressions as problems', () => {
    const q = serviceQueries(
      svc({
        'opsdeck.queue': 'sum(x)) or vector(1',
        'opsdeck.queue.warn': 'lots',
        'opsdeck.metric.bad name': 'up',
        'opsdeck.metric.ok': 'up # comment',
      }),
      noConfig,
    );
    expect(q.queue).toEqual({ expr: '', warn: null, critical: null });
    expect(q.problems).toHaveLength(4);
    expect(q.metrics).toEqual({});
  });

  it('lets the config file override labels by stack/service', () => {
    const config = parseMappingConfig(
      'services:\n  shop/worker:\n    labels:\n      opsdeck.queue: "sum(jobs)"\n      opsdeck.queue.warn: 5\n',
      'opsdeck.yaml',
    );
    expect(config.error).toBeNull();
    const q = serviceQueries(svc({ 'opsdeck.queue': 'sum(old)' }), config);
    expect(q.queue).toEqual({ expr: 'sum(jobs)', warn: 5, critical: null });
    expect(serviceQueries(svc({}, 'other', 'worker'), config).queue).toBeNull();
  });

  it('says what is wrong with an invalid config file', () => {
    expect(parseMappingConfig('services:\n  noslash:\n    labels: {}\n', 'c.yaml').error).toMatch(
      /stack\/service/,
    );
    expect(parseMappingConfig('{"services":{"a/b":{"labels":{"foo":"x"}}}}', 'c.json').error).toMatch(
      /opsdeck/,
    );
    expect(parseMappingConfig('{not json', 'c.json').error).toMatch(/not valid JSON/);
    expect(parseMappingConfig('other: {x: 1}\n', 'c.yaml')).toEqual({ services: {}, error: null });
  });

  it('a service without opsdeck.* labels has no Prometheus mapping', () => {
    expect(hasPrometheusMapping(serviceQueries(svc({ a: 'b' }), noConfig))).toBe(false);
  });
});

describe('queueLevel', () => {
  it('is unknown without a value, never ok', () => {
    expect(queueLevel(null, 1, 2)).toBe('unknown');
  });
  it('compares against warn and critical inclusively', () => {
    expect(queueLevel(0, 50, 100)).toBe('ok');
    expect(queueLevel(50, 50, 100)).toBe('warn');
    expect(queueLevel(100, 50, 100)).toBe('critical');
    expect(queueLevel(1e9, null, null)).toBe('ok');
  });
});

describe('expressionProblem', () => {
  it('accepts brackets inside strings and nested selectors', () => {
    expect(expressionProblem('sum by (le) (rate(x{a=")(",b=~"[a-z]+"}[5m]))')).toBeNull();
    expect(expressionProblem("up{job='a\\'b'}")).toBeNull();
  });
  it('rejects what could escape the batch wrapper', () => {
    expect(
      expressionProblem('1)) or label_replace(vector(9),"opsdeck_service","x","","") or ((1'),
    ).not.toBeNull();
    expect(expressionProblem('up # )')).not.toBeNull();
    expect(expressionProblem('up{job="x}')).not.toBeNull();
    expect(expressionProblem('  ')).not.toBeNull();
    expect(expressionProblem('x'.repeat(5000))).not.toBeNull();
  });
});
