import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Host } from '@/lib/hosts/schemas';
import type { Service } from '@/lib/services/types';
import { SwarmNodes } from './swarm-nodes';
import { SwarmTasks } from './swarm-tasks';

const PAYLOAD = '<img src=x onerror=alert(1)>';

describe('rendering untrusted swarm text', () => {
  it('escapes a hostile node hostname, and shows role, availability and state', () => {
    const swarm: NonNullable<Host['swarm']> = {
      readAt: '2026-01-01T00:00:00Z',
      nodes: [
        {
          id: 'n1',
          hostname: PAYLOAD,
          label: PAYLOAD,
          role: 'worker',
          availability: 'drain',
          state: 'down',
          leader: false,
          addr: null,
          engineVersion: null,
          message: PAYLOAD,
        },
      ],
    };
    const html = renderToStaticMarkup(createElement(SwarmNodes, { swarm }));
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('drain');
    expect(html).toContain('worker');
    expect(html).toContain('down');
  });

  it('escapes node names and task errors in the tasks section', () => {
    const swarm: NonNullable<Service['swarm']> = {
      serviceId: 's',
      mode: 'replicated',
      updateStatus: null,
      tasksKnown: true,
      summary: '1 of 2 tasks running on 1 node',
      nodes: [{ nodeId: 'n1', node: PAYLOAD, availability: 'pause', desired: 1, running: 1 }],
      tasks: [
        {
          id: 't1',
          name: 'web.2',
          slot: 2,
          nodeId: null,
          node: null,
          state: 'pending',
          desiredState: 'running',
          error: PAYLOAD,
          message: null,
          containerId: null,
          exitCode: null,
          updatedAt: '2026-01-01T00:00:00Z',
        },
      ],
    };
    const html = renderToStaticMarkup(createElement(SwarmTasks, { swarm }));
    expect(html).not.toContain('<img');
    expect(html.split('&lt;img src=x onerror=alert(1)&gt;').length - 1).toBe(3);
    expect(html).toContain('1 of 2 tasks running on 1 node');
    expect(html).toContain('not assigned');
  });
});
