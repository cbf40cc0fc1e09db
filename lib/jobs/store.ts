import { jobsDb } from './schema';
import type { Job, JobKind, JobStatus, JobStep, JobTargetResult } from './types';

interface JobRow {
  id: string;
  kind: string;
  service_id: string;
  lock_key: string;
  params: string;
  status: string;
  steps: string;
  progress: number;
  progress_detail: string | null;
  error: string | null;
  results: string;
  actor: string;
  request_id: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  idempotency_key: string | null;
}

const parse = <T>(text: string | null, fallback: T): T => {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

export function rowToJob(r: JobRow): Job {
  return {
    id: r.id,
    kind: r.kind as JobKind,
    serviceId: r.service_id,
    params: parse<unknown>(r.params, null),
    status: r.status as JobStatus,
    steps: parse<JobStep[]>(r.steps, []),
    progress: r.progress,
    progressDetail: parse<Job['progressDetail']>(r.progress_detail, null),
    error: r.error,
    results: parse<JobTargetResult[]>(r.results, []),
    actor: r.actor,
    requestId: r.request_id,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    idempotencyKey: r.idempotency_key,
  };
}

export function selectJob(id: string): Job | null {
  const row = jobsDb().prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
  return row ? rowToJob(row) : null;
}

export function selectByIdempotencyKey(actor: string, key: string): Job | null {
  const row = jobsDb()
    .prepare('SELECT * FROM jobs WHERE actor = ? AND idempotency_key = ?')
    .get(actor, key) as JobRow | undefined;
  return row ? rowToJob(row) : null;
}

export function selectActiveByLock(lockKey: string): Job | null {
  const row = jobsDb()
    .prepare("SELECT * FROM jobs WHERE lock_key = ? AND status IN ('queued', 'running') LIMIT 1")
    .get(lockKey) as JobRow | undefined;
  return row ? rowToJob(row) : null;
}

export function selectActive(): Job[] {
  const rows = jobsDb().prepare("SELECT * FROM jobs WHERE status IN ('queued', 'running')").all() as JobRow[];
  return rows.map(rowToJob);
}

export function selectJobs(filter: { serviceId?: string; status?: JobStatus; limit: number }): Job[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (filter.serviceId) {
    where.push('service_id = ?');
    args.push(filter.serviceId);
  }
  if (filter.status) {
    where.push('status = ?');
    args.push(filter.status);
  }
  const sql = `SELECT * FROM jobs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, rowid DESC LIMIT ?`;
  return (
    jobsDb()
      .prepare(sql)
      .all(...args, filter.limit) as JobRow[]
  ).map(rowToJob);
}

export function insertJob(job: Job, lockKey: string): void {
  jobsDb()
    .prepare(
      `INSERT INTO jobs (id, kind, service_id, lock_key, params, status, steps, progress, progress_detail, error,
        results, actor, request_id, created_at, started_at, finished_at, idempotency_key)
       VALUES (@id, @kind, @serviceId, @lockKey, @params, @status, @steps, @progress, @progressDetail, @error,
        @results, @actor, @requestId, @createdAt, @startedAt, @finishedAt, @idempotencyKey)`,
    )
    .run({
      ...job,
      lockKey,
      params: JSON.stringify(job.params ?? null) ?? 'null',
      steps: JSON.stringify(job.steps),
      progressDetail: job.progressDetail ? JSON.stringify(job.progressDetail) : null,
      results: JSON.stringify(job.results),
    });
}

/**
 * Writes the mutable part of a job. A job another process marked interrupted stays so: a run that
 * outlived its process (or a test simulating that) cannot turn it green afterwards.
 */
export function updateJob(job: Job): void {
  jobsDb()
    .prepare(
      `UPDATE jobs SET status = @status, steps = @steps, progress = @progress, progress_detail = @progressDetail,
        error = @error, results = @results, started_at = @startedAt, finished_at = @finishedAt
       WHERE id = @id AND (status != 'interrupted' OR @status = 'interrupted')`,
    )
    .run({
      id: job.id,
      status: job.status,
      steps: JSON.stringify(job.steps),
      progress: job.progress,
      progressDetail: job.progressDetail ? JSON.stringify(job.progressDetail) : null,
      error: job.error,
      results: JSON.stringify(job.results),
      startedAt: job.startedAt,
      finishedAt: job.finishedAt,
    });
}
