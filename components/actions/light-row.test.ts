import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { RowSilence } from '@/components/alerts/row-silence';
import type { Service } from '@/lib/services/types';
import { ConfirmDialog } from './confirm-dialog';
import { ServiceActions } from './service-actions';

// An overview row mounts its actions and silence button as it scrolls in (issue #18): what is closed
// (menu entries, confirmations, job drawer, silence dialog) is not rendered, and nothing is queried.

const service = {
  id: 'svc-1',
  host: 'local',
  stack: 'shop',
  name: 'web',
  kind: 'compose',
  status: 'healthy',
  reasons: [],
  replicas: { desired: 1, running: 1, healthy: 1 },
  containers: [
    {
      id: 'c1',
      name: 'shop_web_1',
      replica: 1,
      state: 'running',
      health: null,
      image: 'web:1',
      startedAt: '2026-01-01T00:00:00Z',
      restartCount: 0,
      exitCode: null,
    },
  ],
  labels: {},
  updatedAt: '2026-01-01T00:00:00Z',
  queue: null,
  metrics: {},
  alerts: { firing: 1, pending: 0 },
  up: null,
} as unknown as Service;

function render(el: ReactElement) {
  const client = new QueryClient();
  const html = renderToStaticMarkup(createElement(QueryClientProvider, { client }, el));
  return { html, queries: client.getQueryCache().getAll().length };
}

describe('a light overview row', () => {
  it('renders the restart button and a closed menu, without its entries, dialogs or drawer, and asks nothing', () => {
    const { html, queries } = render(
      createElement('div', null, [
        createElement(ServiceActions, { key: 'a', service, canOperate: true, compact: true }),
        createElement(RowSilence, { key: 's', service, canOperate: true }),
      ]),
    );
    expect(html).toContain('aria-label="Restart web"');
    expect(html).toContain('aria-label="More actions for web"');
    expect(html).toContain('data-testid="row-silence"');
    expect(html).not.toContain('data-testid="action-scale"');
    expect(html).not.toContain('<dialog');
    expect(html).not.toContain('job-drawer');
    expect(queries).toBe(0);
  });

  it('shows every action of the service page at once, still without a dialog', () => {
    const { html } = render(createElement(ServiceActions, { service, canOperate: true }));
    for (const id of ['action-restart', 'action-scale', 'action-rollback', 'action-deploy', 'action-stop'])
      expect(html).toContain(`data-testid="${id}"`);
    expect(html).not.toContain('<dialog');
  });

  it('renders nothing for a viewer', () => {
    expect(render(createElement(ServiceActions, { service, canOperate: false })).html).toBe('');
    expect(render(createElement(RowSilence, { service, canOperate: false })).html).toBe('');
  });

  it('a closed confirmation is not in the page', () => {
    const props = {
      title: 'Restart web?',
      confirmLabel: 'Restart',
      busy: false,
      error: null,
      onConfirm: () => undefined,
      onCancel: () => undefined,
      children: 'x',
    };
    expect(renderToStaticMarkup(createElement(ConfirmDialog, { ...props, open: false }))).toBe('');
    expect(renderToStaticMarkup(createElement(ConfirmDialog, { ...props, open: true }))).toContain(
      'Restart web?',
    );
  });
});
