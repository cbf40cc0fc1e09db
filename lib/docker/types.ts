/** Our own view of the engine's objects, mapped at the boundary (lib/docker/map.ts). */

export const containerStates = [
  'created',
  'running',
  'paused',
  'restarting',
  'removing',
  'exited',
  'dead',
] as const;
export type ContainerState = (typeof containerStates)[number];

export const containerHealths = ['healthy', 'unhealthy', 'starting', 'none'] as const;
export type ContainerHealth = (typeof containerHealths)[number];

export const serviceKinds = ['compose', 'swarm', 'container'] as const;
export type ServiceKind = (typeof serviceKinds)[number];

export interface ContainerInfo {
  id: string;
  name: string;
  /** compose container number or swarm task slot; null for plain containers */
  replica: number | null;
  state: ContainerState;
  health: ContainerHealth;
  image: string;
  imageId: string;
  startedAt: string | null;
  finishedAt: string | null;
  createdAt: string;
  restartCount: number;
  exitCode: number | null;
  oomKilled: boolean;
  /** the last health-check output (untrusted text) */
  healthLog: { at: string; exitCode: number; output: string } | null;
  ports: { containerPort: number; hostPort: number | null; protocol: string; hostIp: string | null }[];
  labels: Record<string, string>;
  tty: boolean;
  networkMode: string;
  /** compose config hash, when compose-managed */
  configHash: string | null;
}

/** A service as the engine describes it, before health and other sources are applied. */
export interface DockerService {
  id: string;
  host: string;
  stack: string;
  name: string;
  kind: ServiceKind;
  /** desired replicas: swarm spec, or number of compose containers that should run */
  desired: number;
  containers: ContainerInfo[];
  /** labels of the service (compose: those of its newest container; swarm: the service spec's) */
  labels: Record<string, string>;
  image: string;
  swarm?: { serviceId: string; version: number; mode: 'replicated' | 'global'; updateStatus: string | null };
  updatedAt: string;
}

export interface SourceStatus {
  status: 'ok' | 'down' | 'stale' | 'not_configured';
  lastOkAt: string | null;
  error?: string;
}
