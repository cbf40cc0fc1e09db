import { inventory } from '@/lib/docker/inventory';
import type { SourceStatus } from '@/lib/docker/types';
import { prometheusSnapshot } from '@/lib/prometheus/refresher';
import { clearGlobal, routeGlobal } from './dispatcher';
import type { NotificationEvent } from './schemas';

const CHECK_MS = 5000;
let timer: ReturnType<typeof setInterval> | null = null;
const last = new Map<NotificationEvent, SourceStatus['status']>();

function watch(event: NotificationEvent, what: string, s: SourceStatus): void {
  const before = last.get(event);
  last.set(event, s.status);
  const bad = s.status === 'down' || s.status === 'stale';
  if (bad && before === 'ok') {
    routeGlobal(
      event,
      `${what} unreachable${s.error ? `: ${s.error}` : ''}; last good data at ${s.lastOkAt ?? 'never'}`,
    );
  }
  if (s.status === 'ok' && before !== 'ok') clearGlobal(event);
}

/** engine.unreachable / prometheus.unreachable: the sources Opsdeck itself depends on, checked every 5 s. */
export function startOutageWatch(): void {
  if (timer) return;
  timer = setInterval(() => {
    watch('engine.unreachable', 'Docker engine', inventory().source());
    watch('prometheus.unreachable', 'Prometheus', prometheusSnapshot().prometheus);
  }, CHECK_MS);
  timer.unref();
}

export function stopOutageWatch(): void {
  if (timer) clearInterval(timer);
  timer = null;
  last.clear();
}
