import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { LineChart } from '@/components/prometheus/line-chart';
import { QueueCell } from '@/components/prometheus/queue-cell';
import { UpBadge } from '@/components/prometheus/up-badge';
import type { AlertView } from '@/lib/prometheus/alerts';
import { AlertItem } from './alert-item';

const PAYLOAD = '<img src=x onerror=alert(1)>';

const withQueries = (el: ReturnType<typeof createElement>) =>
  renderToStaticMarkup(createElement(QueryClientProvider, { client: new QueryClient() }, el));

describe('rendering untrusted alert text', () => {
  it('escapes annotations and labels', () => {
    const alert: AlertView = {
      fingerprint: 'f',
      name: PAYLOAD,
      state: 'firing',
      severity: 'critical',
      labels: { job: PAYLOAD },
      annotations: { summary: PAYLOAD, runbook: PAYLOAD },
      startsAt: '2026-01-01T00:00:00Z',
      serviceId: null,
      silencedBy: ['s1'],
    };
    const html = renderToStaticMarkup(createElement(AlertItem, { alert, canSilence: true }));
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('silenced');
  });
});

describe('Prometheus cells', () => {
  it('shows an unknown queue as "unknown", never 0', () => {
    const html = withQueries(
      createElement(QueueCell, {
        serviceId: 'x',
        queue: { value: null, warn: 1, critical: 2, level: 'unknown', fetchedAt: null },
      }),
    );
    expect(html).toContain('data-level="unknown"');
    expect(html).toContain('>unknown<');
  });
  it('shows a critical queue with its level', () => {
    const html = withQueries(
      createElement(QueueCell, {
        serviceId: 'x',
        queue: { value: 120, warn: 50, critical: 100, level: 'critical', fetchedAt: '2026-01-01T00:00:00Z' },
      }),
    );
    expect(html).toContain('data-level="critical"');
    expect(html).toContain('>120<');
  });
  it('renders up state and charts', () => {
    expect(renderToStaticMarkup(createElement(UpBadge, { up: false }))).toContain('target down');
    expect(renderToStaticMarkup(createElement(UpBadge, { up: null }))).toBe('');
    const chart = renderToStaticMarkup(
      createElement(LineChart, {
        title: 'Queue',
        points: [
          [0, 1],
          [60, 3],
        ],
        format: String,
        thresholds: [{ value: 2, level: 'warn' }],
      }),
    );
    expect(chart).toContain('<path');
    expect(chart).toContain('Queue: 3');
  });
});
