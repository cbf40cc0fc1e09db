import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { conflict, notFound } from '@/lib/errors';
import { logger } from '@/lib/log/logger';
import { recordFinished } from './record';
import { jobsDb } from './schema';
import {
  insertJob,
  selectActive,
  selectActiveByLock,
  selectByIdempotencyKey,
  selectJob,
  selectJobs,
  updateJob,
} from './store';
import type { Job, JobKind, JobProgressDetail, JobStatus, JobStep, JobTargetResult } from './types';

export interface JobContext {
  /** The job as it is now (a fresh snapshot on every read). */
  job: Readonly<Job>;
  step(message: string, level?: JobStep['level']): void;
  progress(fraction: number, detail?: JobProgressDetail): void;
  /** One outcome per target; any `ok: false` makes the whole job fail. */
  result(r: JobTargetResult): void;
  signal: AbortSignal;
}

export interface StartJobInput {
  kind: JobKind;
  serviceId: string;
  params: unknown;
  actor: string;
  requestId: string;
  idempotencyKey?: string | null;
  /** What two jobs must not hold at once; default the service id. */
  lockKey?: string;
}

const PROGRESS_WRITE_MS = 250;
const MAX_STEPS = 500;
const MAX_MESSAGE = 2000;

interface Running {
  job: Job;
  controller: AbortController;
  lastProgressWrite: number;
  progressTimer: NodeJS.Timeout | null;
}

const holder = globalThis as unknown as {
  __opsdeckJobs?: { running: Map<string, Running>; bus: EventEmitter };
};

function state() {
  if (!holder.__opsdeckJobs) {
    const bus = new EventEmitter();
    bus.setMaxListeners(0);
    holder.__opsdeckJobs = { running: new Map(), bus };
  }
  return holder.__opsdeckJobs;
}

const now = () => new Date().toISOString();
const clip = (s: string) => (s.length > MAX_MESSAGE ? `${s.slice(0, MAX_MESSAGE)}…` : s);
const snapshot = (job: Job): Job => structuredClone(job);

function publish(r: Running): void {
  state().bus.emit(r.job.id, snapshot(r.job));
}

function persist(r: Running): void {
  if (r.progressTimer) {
    clearTimeout(r.progressTimer);
    r.progressTimer = null;
  }
  r.lastProgressWrite = Date.now();
  try {
    updateJob(r.job);
  } catch (err) {
    logger().error({ err, jobId: r.job.id }, 'could not persist job state');
  }
}

/**
 * Starts an action as a persisted job and runs it in the background. Synchronous up to the insert:
 * the lock and idempotency checks and the insert run in one SQLite transaction, so of twenty
 * concurrent requests exactly one wins and the others get 409 with the winner's id.
 */
export function startJob(input: StartJobInput, run: (ctx: JobContext) => Promise<void>): Job {
  const lockKey = input.lockKey ?? input.serviceId;
  const key = input.idempotencyKey?.trim().slice(0, 200) || null;
  const conn = jobsDb();
  const outcome = conn
    .transaction((): { existing: Job } | { created: Job } => {
      if (key) {
        const existing = selectByIdempotencyKey(input.actor, key);
        if (existing) return { existing };
      }
      const holding = selectActiveByLock(lockKey);
      if (holding)
        throw conflict('Another job is running on this service', {
          jobId: holding.id,
          jobKind: holding.kind,
        });
      const job: Job = {
        id: randomUUID(),
        kind: input.kind,
        serviceId: input.serviceId,
        params: input.params ?? null,
        status: 'queued',
        steps: [{ at: now(), message: `Queued by ${input.actor}` }],
        progress: 0,
        progressDetail: null,
        error: null,
        results: [],
        actor: input.actor,
        requestId: input.requestId,
        createdAt: now(),
        startedAt: null,
        finishedAt: null,
        idempotencyKey: key,
      };
      insertJob(job, lockKey);
      return { created: job };
    })
    .immediate();
  if ('existing' in outcome) return outcome.existing;
  const r: Running = {
    job: outcome.created,
    controller: new AbortController(),
    lastProgressWrite: 0,
    progressTimer: null,
  };
  state().running.set(r.job.id, r);
  setImmediate(() => void execute(r, run));
  return snapshot(r.job);
}

async function execute(r: Running, run: (ctx: JobContext) => Promise<void>): Promise<void> {
  const job = r.job;
  job.status = 'running';
  job.startedAt = now();
  persist(r);
  publish(r);
  const ctx: JobContext = {
    get job() {
      return snapshot(job);
    },
    step(message, level) {
      if (job.finishedAt) return;
      const entry: JobStep = { at: now(), message: clip(message) };
      if (level && level !== 'info') entry.level = level;
      job.steps.push(entry);
      if (job.steps.length > MAX_STEPS) job.steps.splice(1, job.steps.length - MAX_STEPS);
      persist(r);
      publish(r);
    },
    progress(fraction, detail) {
      if (job.finishedAt) return;
      job.progress = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
      if (detail) job.progressDetail = { ...detail };
      publish(r);
      const wait = PROGRESS_WRITE_MS - (Date.now() - r.lastProgressWrite);
      if (wait <= 0) persist(r);
      else r.progressTimer ??= setTimeout(() => persist(r), wait);
    },
    result(res) {
      if (job.finishedAt) return;
      job.results.push({ target: clip(res.target), ok: res.ok, message: clip(res.message) });
      persist(r);
      publish(r);
    },
    signal: r.controller.signal,
  };
  let thrown: unknown = null;
  try {
    await run(ctx);
  } catch (err) {
    thrown = err ?? new Error('job failed');
  }
  finish(r, thrown);
}

function describeFailure(job: Job, thrown: unknown): string | null {
  const failed = job.results.filter((x) => !x.ok);
  if (thrown !== null) return clip(thrown instanceof Error ? thrown.message : String(thrown));
  if (failed.length > 0)
    return clip(
      `${failed.length} of ${job.results.length} targets failed: ${failed.map((f) => `${f.target}: ${f.message}`).join('; ')}`,
    );
  return null;
}

function finish(r: Running, thrown: unknown): void {
  const job = r.job;
  const error = describeFailure(job, thrown);
  job.status = error === null ? 'succeeded' : 'failed';
  job.error = error;
  if (job.status === 'succeeded') job.progress = 1;
  job.steps.push(
    error === null
      ? { at: now(), message: 'Succeeded' }
      : { at: now(), message: `Failed: ${error}`, level: 'error' },
  );
  job.finishedAt = now();
  persist(r);
  state().running.delete(job.id);
  publish(r);
  if (selectJob(job.id)?.status !== 'interrupted') recordFinished(job);
}

/** Refuses early (409) while a job holds the lock, before an action spends time validating. */
export function assertNoActiveJob(lockKey: string): void {
  const holding = selectActiveByLock(lockKey);
  if (holding)
    throw conflict('Another job is running on this service', { jobId: holding.id, jobKind: holding.kind });
}

/** The job an earlier request with this Idempotency-Key started (checked before validating a retry). */
export function findJobByIdempotencyKey(actor: string, key: string | null | undefined): Job | null {
  const k = key?.trim().slice(0, 200);
  if (!k) return null;
  const job = selectByIdempotencyKey(actor, k);
  return job ? getJob(job.id) : null;
}
export function getJob(id: string): Job {
  const live = state().running.get(id);
  if (live) return snapshot(live.job);
  const job = selectJob(id);
  if (!job) throw notFound(`No job with id "${id}"`);
  return job;
}

export function listJobs(filter: { serviceId?: string; status?: JobStatus; limit?: number }): Job[] {
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 500);
  const running = state().running;
  return selectJobs({ ...filter, limit }).map((j) => {
    const live = running.get(j.id);
    return live ? snapshot(live.job) : j;
  });
}

/** Every change of a job (steps, progress, results, status) as a fresh snapshot. */
export function onJobUpdate(jobId: string, cb: (job: Job) => void): () => void {
  const bus = state().bus;
  bus.on(jobId, cb);
  return () => bus.off(jobId, cb);
}

/** True while this process is running the job (false after a restart: it was interrupted). */
export function isJobRunningHere(jobId: string): boolean {
  return state().running.has(jobId);
}

/**
 * At boot: jobs left queued or running by a previous process can no longer finish. Marks them
 * interrupted and says what they were doing, since that is the state the service may be left in.
 */
export function markInterruptedJobs(): number {
  const running = state().running;
  let count = 0;
  for (const job of selectActive()) {
    if (running.has(job.id)) continue;
    const last = [...job.steps].reverse().find((s) => !s.message.startsWith('Queued by'));
    const detail = job.progressDetail
      ? ` (${job.progressDetail.done} of ${job.progressDetail.total} ${job.progressDetail.unit})`
      : '';
    const message =
      job.status === 'queued'
        ? 'Interrupted: the server stopped before this job started; nothing was changed'
        : `Interrupted: the server stopped while ${job.kind} was at "${last?.message ?? 'its first step'}"${detail}; the service may be left in that state, check it before retrying`;
    job.status = 'interrupted';
    job.error = message;
    job.finishedAt = now();
    job.steps.push({ at: job.finishedAt, message, level: 'error' });
    updateJob(job);
    recordFinished(job);
    count++;
  }
  if (count > 0) logger().warn({ count }, 'marked interrupted jobs');
  return count;
}

/** Aborts this process's running jobs (shutdown); each job decides how to stop safely. */
export function abortRunningJobs(): void {
  for (const r of state().running.values()) r.controller.abort(new Error('server shutting down'));
}
