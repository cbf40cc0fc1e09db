import type { HealthStatus } from '@/lib/health/types';
import { logger } from '@/lib/log/logger';
import { healthTransitions, type LastStatus } from './health-transitions';
import { recordIncident } from './incidents';
import { listServices, onServicesChanged } from './index';
import { servicesDb } from './schema';
import { onSourceChanged } from './sources';

const DEBOUNCE_MS = 100;

interface State {
  last: LastStatus;
  timer: ReturnType<typeof setTimeout> | null;
  running: boolean;
  again: boolean;
  off: (() => void)[];
}
const holder = globalThis as unknown as { __opsdeckHealthRecorder?: State };

/** The status each service's last recorded health transition ended in, so a restart adds no false "recovered". */
function lastRecorded(): LastStatus {
  const rows = servicesDb()
    .prepare(
      `SELECT service_id, json_extract(attributes, '$.to') AS status FROM service_events
       WHERE seq IN (SELECT MAX(seq) FROM service_events WHERE kind = 'health' GROUP BY service_id)`,
    )
    .all() as { service_id: string; status: HealthStatus | null }[];
  return new Map(rows.flatMap((r) => (r.status ? [[r.service_id, r.status] as const] : [])));
}

async function look(s: State): Promise<void> {
  if (s.running) {
    s.again = true;
    return;
  }
  s.running = true;
  try {
    const { services } = await listServices();
    for (const t of healthTransitions(s.last, services, new Date().toISOString())) recordIncident(t);
  } catch (err) {
    logger().error({ err }, 'health transitions: could not compute the service list');
  } finally {
    s.running = false;
    if (s.again) {
      s.again = false;
      schedule(s);
    }
  }
}

function schedule(s: State): void {
  s.timer ??= setTimeout(() => {
    s.timer = null;
    void look(s);
  }, DEBOUNCE_MS);
}

/** Records every health transition the service list shows (engine or any source changed it). */
export function startHealthRecorder(): void {
  if (holder.__opsdeckHealthRecorder) return;
  const s: State = { last: lastRecorded(), timer: null, running: false, again: false, off: [] };
  holder.__opsdeckHealthRecorder = s;
  s.off.push(
    onServicesChanged(() => schedule(s)),
    onSourceChanged(() => schedule(s)),
  );
  schedule(s);
}

export function stopHealthRecorder(): void {
  const s = holder.__opsdeckHealthRecorder;
  if (!s) return;
  for (const off of s.off) off();
  if (s.timer) clearTimeout(s.timer);
  holder.__opsdeckHealthRecorder = undefined;
}
