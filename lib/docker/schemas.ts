import { z } from 'zod';
import { containerHealths, containerStates } from './types';

/** A container as Opsdeck maps it from the engine (lib/docker/map.ts), and as the API answers it. */
export const containerInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** compose container number or swarm task slot; null for plain containers */
  replica: z.number().int().nullable(),
  state: z.enum(containerStates),
  health: z.enum(containerHealths),
  image: z.string(),
  imageId: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  createdAt: z.string(),
  restartCount: z.number().int(),
  exitCode: z.number().int().nullable(),
  oomKilled: z.boolean(),
  /** the last health-check output (untrusted text) */
  healthLog: z.object({ at: z.string(), exitCode: z.number().int(), output: z.string() }).nullable(),
  ports: z.array(
    z.object({
      containerPort: z.number().int(),
      hostPort: z.number().int().nullable(),
      protocol: z.string(),
      hostIp: z.string().nullable(),
    }),
  ),
  labels: z.record(z.string(), z.string()),
  tty: z.boolean(),
  networkMode: z.string(),
  /** compose config hash, when compose-managed */
  configHash: z.string().nullable(),
});

/** How a data source (the engine of a host, Prometheus, Alertmanager…) is doing. */
export const sourceStatusSchema = z.object({
  status: z.enum(['ok', 'down', 'stale', 'not_configured']),
  lastOkAt: z.string().nullable(),
  error: z.string().optional(),
});

/** Statuses by source name: `docker`, then each service source that reports one. */
export const sourcesSchema = z.record(z.string(), sourceStatusSchema);
