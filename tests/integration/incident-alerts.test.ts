import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { serviceIdOf } from '@/lib/docker/ids';
import { inventory } from '@/lib/docker/inventory';
import type { DockerService } from '@/lib/docker/types';
import {
  refreshPrometheus,
  startPrometheusRefresher,
  stopPrometheusRefresher,
} from '@/lib/prometheus/refresher';
import { createSilence, expireSilence } from '@/lib/prometheus/silences';
import { queryTimeline } from '@/lib/services/timeline-query';
import { BUSYBOX, tempDataDir, testDocker, waitFor } from '../support/engine';
import {
  type MetricsEndpoint,
  type PromStack,
  startMetricsEndpoint,
  startPromStack,
} from '../support/prometheus';

const STACK = `storyalerts${process.pid}`;
const JOB = `${STACK}-worker`;
const rulesYaml = `groups:
  - name: opsdeck-story
    rules:
      - alert: BacklogHigh
        expr: queue_size{job="${JOB}"} > 50
        for: 0s
        labels: { severity: critical, stack: "${STACK}", service: worker }
        annotations: { summary: "<img src=x onerror=alert(1)> backlog {{ $value }}" }
`;

let stack: PromStack;
let endpoint: MetricsEndpoint;
let container: Docker.Container;
const worker = serviceIdOf('local', STACK, 'worker');

const ours = () =>
  inventory()
    .services()
    .filter((s: DockerService) => s.stack === STACK);

/** Refreshes until the story of the worker holds an entry `match` finds. */
async function onTimeline(what: string, match: (summary: string) => boolean) {
  return waitFor(
    what,
    async () => {
      await refreshPrometheus();
      return queryTimeline({ serviceId: worker, limit: 50 }).events.find((e) => match(e.summary));
    },
    30_000,
  );
}

beforeAll(async () => {
  process.env.OPSDECK_DATA_DIR = tempDataDir();
  endpoint = await startMetricsEndpoint();
  endpoint.set(JOB, 'queue_size', 10);
  stack = await startPromStack({ jobs: [{ job: JOB, port: endpoint.port }], rulesYaml });
  process.env.PROMETHEUS_URL = stack.prometheusUrl;
  process.env.ALERTMANAGER_URL = stack.alertmanagerUrl;
  resetEnvCache();
  stopPrometheusRefresher();
  container = await testDocker().createContainer({
    Image: BUSYBOX,
    Cmd: ['sleep', '3600'],
    name: `${STACK}-worker-1`,
    Labels: {
      'com.docker.compose.project': STACK,
      'com.docker.compose.service': 'worker',
      'com.docker.compose.container-number': '1',
      'opsdeck.prometheus.job': JOB,
    },
    HostConfig: { NetworkMode: 'none' },
  });
  await container.start();
  await inventory().ready();
  await waitFor('the worker listed', async () => (ours().length === 1 ? true : undefined), 20_000);
  startPrometheusRefresher({ intervalMs: 3_600_000, services: ours, onServicesChanged: () => () => {} });
});

afterAll(async () => {
  stopPrometheusRefresher();
  await container?.remove({ force: true }).catch(() => {});
  await stack?.stop();
  await endpoint?.close();
});

describe('alerts and silences on the service timeline (real Prometheus and Alertmanager)', () => {
  it('records an alert firing once, with its annotation as text, and resolved when it stops', async () => {
    endpoint.set(JOB, 'queue_size', 80);
    const fired = await onTimeline('BacklogHigh firing', (s) => s.startsWith('BacklogHigh firing'));
    expect(fired.kind).toBe('alert');
    expect(fired.severity).toBe('critical');
    expect(fired.summary).toBe('BacklogHigh firing (critical): <img src=x onerror=alert(1)> backlog 80');
    expect(fired.attributes).toMatchObject({ state: 'firing', labels: { stack: STACK, service: 'worker' } });
    await refreshPrometheus();
    await refreshPrometheus();
    const firings = queryTimeline({ serviceId: worker, limit: 50, kinds: ['alert'] }).events;
    expect(firings.filter((e) => e.summary.startsWith('BacklogHigh firing'))).toHaveLength(1);

    const id = await createSilence(
      {
        matchers: [{ name: 'job', value: JOB, isRegex: false, isEqual: true }],
        duration: '1h',
        comment: 'looking into it',
      },
      'alice',
    );
    const made = await onTimeline('the silence made', (s) => s.startsWith('silenced by alice'));
    expect(made).toMatchObject({ kind: 'silence', attributes: { silenceId: id } });
    expect(made.summary).toContain('looking into it');

    endpoint.set(JOB, 'queue_size', 10);
    const resolved = await onTimeline('BacklogHigh resolved', (s) => s === 'BacklogHigh resolved');
    expect(resolved.severity).toBe('ok');

    await expireSilence(id);
    const expired = await onTimeline('the silence expired', (s) => s.startsWith('silence by alice expired'));
    expect(expired.summary).toBe(`silence by alice expired (job="${JOB}")`);
  });
});
