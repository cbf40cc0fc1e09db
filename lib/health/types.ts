import type { z } from 'zod';
import type { reasonSchema } from './schemas';

export const healthStatuses = ['healthy', 'degraded', 'down', 'unknown'] as const;
export type HealthStatus = (typeof healthStatuses)[number];

/** Why a service has its status. `severity` orders reasons; codes are stable for scripts. */
export type Reason = z.infer<typeof reasonSchema>;
