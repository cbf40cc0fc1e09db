import type { z } from 'zod';
import type { DockerService } from '@/lib/docker/types';
import { badRequest } from '@/lib/errors';
import { getDockerService } from '@/lib/services';
import { assertNotOpsdeck } from '@/lib/services/self';
import { notifySourceChanged } from '@/lib/services/sources';
import { parseDuration } from './labels';
import { DEFAULT_VERIFY_CRON, jitterOffset, nextSlot, validCron, validTimezone } from './schedule-policy';
import {
  clearConsoleSchedule,
  effectiveSchedule,
  saveConsoleSchedule,
  scheduleState,
} from './schedule-store';
import type { scheduleBody, scheduleResponse } from './schemas';

type ScheduleAnswer = z.infer<typeof scheduleResponse>;

/** The schedule in force for a service, its next run, and what the scheduler last did. */
export function scheduleAnswer(svc: Pick<DockerService, 'id' | 'labels'>, now = Date.now()): ScheduleAnswer {
  const { schedule, problems } = effectiveSchedule(svc);
  const lastRuns = (['backup', 'verify'] as const).flatMap((what) => {
    const s = scheduleState(svc.id, what);
    return s ? [{ what, lastSlot: s.lastSlot, lastJobId: s.lastJobId, note: s.note }] : [];
  });
  if (!schedule) return { schedule: null, problems, lastRuns };
  const next = nextSlot(schedule.cron, schedule.timezone, jitterOffset(svc.id, schedule.jitterMs), now);
  return {
    schedule: { ...schedule, nextAt: next === null ? null : new Date(next).toISOString() },
    problems,
    lastRuns,
  };
}

export async function setSchedule(
  serviceId: string,
  body: z.infer<typeof scheduleBody>,
  actor: string,
): Promise<ScheduleAnswer> {
  const svc = await getDockerService(serviceId);
  assertNotOpsdeck(svc);
  if (!validTimezone(body.timezone)) throw badRequest(`timezone: "${body.timezone}" is not a time zone`);
  const bad = validCron(body.cron, body.timezone);
  if (bad) throw badRequest(`cron: not a cron expression (${bad})`);
  if (body.verifyCron) {
    const badVerify = validCron(body.verifyCron, body.timezone);
    if (badVerify) throw badRequest(`verifyCron: not a cron expression (${badVerify})`);
  }
  let jitterMs = 0;
  if (body.jitter) {
    const ms = parseDuration(body.jitter);
    if (ms === null || ms > 6 * 3_600_000) throw badRequest('jitter: a duration up to 6h, like 10m');
    jitterMs = ms;
  }
  const verifyCron = body.verifyCron === undefined ? DEFAULT_VERIFY_CRON : body.verifyCron;
  saveConsoleSchedule(serviceId, { cron: body.cron, timezone: body.timezone, jitterMs, verifyCron }, actor);
  notifySourceChanged();
  return scheduleAnswer(svc);
}

export async function clearSchedule(serviceId: string): Promise<ScheduleAnswer> {
  const svc = await getDockerService(serviceId);
  clearConsoleSchedule(serviceId);
  notifySourceChanged();
  return scheduleAnswer(svc);
}
