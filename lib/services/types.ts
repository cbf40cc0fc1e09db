import type { ContainerInfo, ServiceKind } from '@/lib/docker/types';
import type { HealthStatus, Reason } from '@/lib/health/types';

export interface QueueState {
  value: number | null;
  warn: number | null;
  critical: number | null;
  level: 'ok' | 'warn' | 'critical' | 'unknown';
  fetchedAt: string | null;
}

/** The API's Service: engine state + health + what other sources (Prometheus, backups) add. */
export interface Service {
  id: string;
  host: string;
  stack: string;
  name: string;
  kind: ServiceKind;
  status: HealthStatus;
  reasons: Reason[];
  replicas: { desired: number; running: number; healthy: number };
  containers: Pick<
    ContainerInfo,
    'id' | 'name' | 'replica' | 'state' | 'health' | 'image' | 'startedAt' | 'restartCount' | 'exitCode'
  >[];
  image: string;
  labels: Record<string, string>;
  updatedAt: string;
  /** Prometheus: queue depth from the `opsdeck.queue` label; null when the service declares none */
  queue: QueueState | null;
  metrics: Record<string, { value: number | null; fetchedAt: string | null }>;
  alerts: { firing: number; pending: number };
  /** `up` of its Prometheus job, null when it declares none or Prometheus is not configured */
  up: boolean | null;
}
