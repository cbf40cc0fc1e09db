/** The job model every action (restart, scale, rollback, deploy, backup…) runs as. */
export const jobKinds = [
  'restart',
  'container-restart',
  'scale',
  'rollback',
  'deploy',
  'backup',
  'verify',
  'restore',
  'offsite-copy',
  'stack',
  'stop',
  'start',
] as const;
export type JobKind = (typeof jobKinds)[number];

export const jobStatuses = ['queued', 'running', 'succeeded', 'failed', 'interrupted'] as const;
export type JobStatus = (typeof jobStatuses)[number];

export interface JobStep {
  at: string;
  message: string;
  level?: 'info' | 'warn' | 'error';
}

/** The outcome for one target (a container, a replica, a backup file); any `ok: false` fails the job. */
export interface JobTargetResult {
  target: string;
  ok: boolean;
  message: string;
}

export interface JobProgressDetail {
  done: number;
  total: number;
  unit: string;
}

export interface Job {
  id: string;
  kind: JobKind;
  serviceId: string;
  params: unknown;
  status: JobStatus;
  steps: JobStep[];
  /** 0..1 */
  progress: number;
  progressDetail: JobProgressDetail | null;
  error: string | null;
  results: JobTargetResult[];
  actor: string;
  requestId: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  idempotencyKey: string | null;
}

export const activeJobStatuses: readonly JobStatus[] = ['queued', 'running'];
