export const healthStatuses = ['healthy', 'degraded', 'down', 'unknown'] as const;
export type HealthStatus = (typeof healthStatuses)[number];

/** Why a service has its status. `severity` orders reasons; codes are stable for scripts. */
export interface Reason {
  code: string;
  message: string;
  severity: 'info' | 'warning' | 'critical';
}
