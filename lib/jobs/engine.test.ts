import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { AppError } from '@/lib/errors';
import type { Job } from './types';

process.env.OPSDECK_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-jobs-'));
resetEnvCache();

const engine = await import('./engine');
const { listTimeline } = await import('@/lib/services/timeline');
const { db, closeDb } = await import('@/lib/store/db');

const base = { actor: 'alice', requestId: 'req-1', params: { n: 1 } };

async function settled(id: string): Promise<Job> {
  for (let i = 0; i < 200; i++) {
    const job = engine.getJob(id);
    if (!['queued', 'running'].includes(job.status)) return job;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('job did not finish');
}

describe('job engine', () => {
  beforeAll(() => {
    db();
  });

  it('runs a job to success with steps, progress and a timeline entry', async () => {
    const job = engine.startJob({ ...base, kind: 'restart', serviceId: 'svc-ok' }, async (ctx) => {
      ctx.step('doing it');
      ctx.progress(0.5, { done: 1, total: 2, unit: 'replicas' });
      ctx.result({ target: 'c1', ok: true, message: 'restarted' });
    });
    expect(job.status).toBe('queued');
    const done = await settled(job.id);
    expect(done.status).toBe('succeeded');
    expect(done.progress).toBe(1);
    expect(done.steps.map((s) => s.message)).toContain('doing it');
    expect(listTimeline('svc-ok', 10)[0]?.kind).toBe('job');
    const audit = db()
      .prepare("SELECT actor, action, result FROM audit_log WHERE action = 'job.restart'")
      .all();
    expect(audit).toContainEqual({ actor: 'alice', action: 'job.restart', result: 'ok' });
  });

  it('refuses a second job on the same lock with 409 and the running job id', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const first = engine.startJob({ ...base, kind: 'scale', serviceId: 'svc-lock' }, () => gate);
    let caught: unknown;
    try {
      engine.startJob({ ...base, kind: 'restart', serviceId: 'svc-lock' }, async () => {});
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).status).toBe(409);
    expect((caught as AppError).details?.jobId).toBe(first.id);
    release();
    await settled(first.id);
    const again = engine.startJob({ ...base, kind: 'restart', serviceId: 'svc-lock' }, async () => {});
    expect((await settled(again.id)).status).toBe('succeeded');
  });

  it('returns the same job for the same idempotency key and actor', async () => {
    const run = async () => {};
    const a = engine.startJob({ ...base, kind: 'restart', serviceId: 'svc-idem', idempotencyKey: 'k1' }, run);
    const b = engine.startJob({ ...base, kind: 'restart', serviceId: 'svc-idem', idempotencyKey: 'k1' }, run);
    expect(b.id).toBe(a.id);
    await settled(a.id);
    const c = engine.startJob({ ...base, kind: 'restart', serviceId: 'svc-idem', idempotencyKey: 'k1' }, run);
    expect(c.id).toBe(a.id);
  });

  it('fails a job when one target fails, and when run throws', async () => {
    const partial = engine.startJob({ ...base, kind: 'restart', serviceId: 'svc-partial' }, async (ctx) => {
      ctx.result({ target: 'c1', ok: true, message: 'restarted' });
      ctx.result({ target: 'c2', ok: false, message: 'timed out' });
    });
    const p = await settled(partial.id);
    expect(p.status).toBe('failed');
    expect(p.error).toContain('1 of 2 targets failed: c2: timed out');
    const thrown = engine.startJob({ ...base, kind: 'restart', serviceId: 'svc-throw' }, async () => {
      throw new Error('engine said no');
    });
    expect((await settled(thrown.id)).error).toBe('engine said no');
  });

  it('marks jobs of a previous process interrupted, saying where they stopped', async () => {
    // Never resolves: the "old process" dies mid-job.
    const job = engine.startJob(
      { ...base, kind: 'scale', serviceId: 'svc-crash' },
      (ctx) =>
        new Promise<void>(() => {
          ctx.step('Creating replica 3 of 5');
          ctx.progress(0.4, { done: 2, total: 5, unit: 'replicas' });
        }),
    );
    await new Promise((r) => setTimeout(r, 400));
    // Simulates a new process: forget the in-memory run and reopen the store.
    const holder = globalThis as unknown as { __opsdeckJobs?: { running: Map<string, unknown> } };
    holder.__opsdeckJobs?.running.clear();
    closeDb();
    expect(engine.markInterruptedJobs()).toBe(1);
    const after = engine.getJob(job.id);
    expect(after.status).toBe('interrupted');
    expect(after.steps.at(-1)?.message).toContain('Creating replica 3 of 5');
    expect(after.steps.at(-1)?.message).toContain('2 of 5 replicas');
  });

  it('lists jobs by service and status, and 404s an unknown id', () => {
    expect(engine.listJobs({ serviceId: 'svc-partial' }).map((j) => j.status)).toEqual(['failed']);
    expect(engine.listJobs({ status: 'interrupted' })).toHaveLength(1);
    expect(() => engine.getJob('nope')).toThrow(/No job/);
  });
});
