import { z } from 'zod';
import { healthStatuses } from './types';

/** Why a service has its status. `severity` orders reasons; codes are stable for scripts. */
export const reasonSchema = z.object({
  code: z.string(),
  message: z.string(),
  severity: z.enum(['info', 'warning', 'critical']),
});

export const healthStatusSchema = z.enum(healthStatuses);
