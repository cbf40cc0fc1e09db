/** Our own view of the engine's objects, mapped at the boundary (lib/docker/map.ts). */
import type { z } from 'zod';
import type { containerInfoSchema, sourceStatusSchema } from './schemas';
import type { SwarmServiceTasks } from './swarm-state';

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

export type ContainerInfo = z.infer<typeof containerInfoSchema>;

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
  swarm?: {
    serviceId: string;
    version: number;
    mode: 'replicated' | 'global';
    updateStatus: string | null;
    /** its containers run with a TTY (a raw log stream) */
    tty?: boolean;
    /** its tasks on every node of the swarm, as the manager reports them; absent before the first read */
    tasks?: SwarmServiceTasks;
  };
  updatedAt: string;
}

export type SourceStatus = z.infer<typeof sourceStatusSchema>;
