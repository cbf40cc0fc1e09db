import type { ServiceTarget } from '@/lib/auth/permissions';
import { parseServiceId } from '@/lib/docker/ids';
import { AppError, badRequest, conflict, forbidden, notFound, unavailable } from '@/lib/errors';
import { logger } from '@/lib/log/logger';
import { AlertmanagerRejectedError, alertmanagerClient, type Silence, silenceRegex } from './alertmanager';
import { PromUnavailableError } from './http';
import type { ServiceQueries } from './mapping';
import { prometheusSnapshot, refreshPrometheus } from './refresher';
import type { NewSilenceInput, SilencesAnswer } from './schemas';

export type { NewSilenceInput };

const MAX_SILENCE_MS = 90 * 24 * 3600_000;

/** `2h`, `30m`, `1d12h`, `90s` → milliseconds; null when not a duration. */
export function parseDuration(text: string): number | null {
  const m = /^(?:(\d{1,4})d)?(?:(\d{1,5})h)?(?:(\d{1,6})m)?(?:(\d{1,7})s)?$/.exec(text.trim());
  if (!m || text.trim() === '') return null;
  const [, d, h, min, s] = m;
  const ms =
    ((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(min ?? 0)) * 60_000 + Number(s ?? 0) * 1000;
  return ms > 0 ? ms : null;
}

export { newSilenceInput, silenceMatcherInput } from './schemas';

function requireAlertmanager() {
  const am = alertmanagerClient();
  if (!am) throw unavailable('Alertmanager is not configured (set ALERTMANAGER_URL)');
  return am;
}

function mapError(err: unknown): never {
  if (err instanceof AlertmanagerRejectedError) {
    if (err.status === 404) throw notFound(`Alertmanager: ${err.message}`);
    if (err.status === 409) throw conflict(`Alertmanager: ${err.message}`);
    throw badRequest(`Alertmanager refused: ${err.message}`);
  }
  if (err instanceof PromUnavailableError) throw unavailable(err.message);
  throw err;
}

/** Checks matchers beyond their shape: regexes must compile, and a silence must not match everything. */
export function validateMatchers(matchers: NewSilenceInput['matchers']): void {
  for (const m of matchers) {
    if (!m.isRegex) continue;
    // RE2, as Alertmanager: what it would refuse (lookarounds, backreferences) is refused here first
    if (!silenceRegex(m.value))
      throw badRequest(
        `matcher ${m.name}: not a valid RE2 regular expression (no lookarounds or backreferences)`,
      );
  }
  const pinsSomething = matchers.some(
    (m) => m.isEqual && !(m.isRegex ? /^(\.\*|\.\+)?$/.test(m.value) : m.value === ''),
  );
  if (!pinsSomething)
    throw badRequest('matchers: at least one must select a specific value (no silence of everything)');
}

export async function createSilence(
  input: NewSilenceInput,
  author: string,
  now = new Date(),
): Promise<string> {
  validateMatchers(input.matchers);
  let endsAt: Date;
  if (input.duration !== undefined) {
    const ms = parseDuration(input.duration);
    if (ms === null) throw badRequest('duration: like "2h", "30m" or "1d12h"');
    endsAt = new Date(now.getTime() + ms);
  } else {
    endsAt = new Date(input.endsAt ?? '');
  }
  if (!(endsAt.getTime() > now.getTime())) throw badRequest('endsAt: must be in the future');
  if (endsAt.getTime() - now.getTime() > MAX_SILENCE_MS) throw badRequest('a silence lasts at most 90 days');
  const am = requireAlertmanager();
  let id: string;
  try {
    id = await am.createSilence({
      matchers: input.matchers.map((m) => ({ ...m })),
      startsAt: now,
      endsAt,
      createdBy: author,
      comment: input.comment,
    });
  } catch (err) {
    mapError(err);
  }
  refreshSoon();
  return id;
}

export async function expireSilence(id: string): Promise<void> {
  if (!/^[A-Za-z0-9-]{1,64}$/.test(id)) throw notFound(`No silence with id "${id}"`);
  const am = requireAlertmanager();
  try {
    await am.expireSilence(id);
  } catch (err) {
    mapError(err);
  }
  refreshSoon();
}

/** Active and pending silences, newest first; the last known ones (and the source's status) when down. */
export async function listSilences(): Promise<SilencesAnswer> {
  const am = alertmanagerClient();
  if (!am) return { silences: [], source: { status: 'not_configured', lastOkAt: null } };
  try {
    const all = await am.silences();
    return { silences: current(all), source: { status: 'ok', lastOkAt: new Date().toISOString() } };
  } catch (err) {
    if (!(err instanceof PromUnavailableError || err instanceof AppError)) throw err;
    const snap = prometheusSnapshot();
    const lastOkAt = snap.alertmanager.lastOkAt;
    return {
      silences: current(snap.silences),
      source: { status: lastOkAt ? 'stale' : 'down', lastOkAt, error: err.message },
    };
  }
}

function current(silences: Silence[]): Silence[] {
  return silences
    .filter((s) => s.status.state !== 'expired')
    .sort((a, b) => b.startsAt.localeCompare(a.startsAt) || a.id.localeCompare(b.id));
}

/** After a change, alerts' `silencedBy` should follow without waiting for the next tick. */
function refreshSoon(): void {
  refreshPrometheus().catch((err) => logger().warn({ err }, 'refresh after silence change failed'));
}

/** The service a silence is declared for, as a route target (token service limits, audit). */
export function silenceTarget(input: Pick<NewSilenceInput, 'serviceId'>): ServiceTarget | undefined {
  if (!input.serviceId) return undefined;
  const parsed = parseServiceId(input.serviceId);
  return parsed ? { id: input.serviceId, stack: parsed.stack, name: parsed.name } : undefined;
}

/**
 * A principal limited to some services may only silence alerts of its service: the matchers must pin
 * that service's job, or its stack and service labels, with equality matchers.
 */
export function requireMatchersPinService(matchers: NewSilenceInput['matchers'], svc: ServiceQueries): void {
  const equal = (name: string, value: string) =>
    matchers.some((m) => m.name === name && m.value === value && m.isEqual && !m.isRegex);
  const pinsJob = svc.job !== null && equal('job', svc.job);
  const pinsStackService = equal('stack', svc.stack) && equal('service', svc.name);
  if (!pinsJob && !pinsStackService) {
    throw forbidden(
      `A silence for ${svc.stack}/${svc.name} must match its job${svc.job ? ` "${svc.job}"` : ''} or its stack and service labels`,
    );
  }
}
