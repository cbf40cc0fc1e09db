import { appendAudit } from '@/lib/audit/append';
import { AppError, unauthorized, unavailable } from '@/lib/errors';
import { verifyPassword } from './passwords';
import { loginLimiters } from './rate-limit';
import { createSession, type NewSession } from './sessions';
import {
  ensureBootstrapAdmin,
  findUserByName,
  NO_USERS_MESSAGE,
  publicUser,
  recordLogin,
  type User,
} from './users';

const announced = new Map<string, number>();

function announceRefusal(key: string, now: number): boolean {
  const last = announced.get(key);
  if (last !== undefined && now - last < 60_000) return false;
  if (announced.size > 10_000) announced.clear();
  announced.set(key, now);
  return true;
}

export interface LoginAttempt {
  username: string;
  password: string;
  /** the client address used for the per-address limit and the audit entry */
  address: string;
  requestId: string;
}

/**
 * Checks a username and password and opens a session. Slowed down per account + address, per address
 * and per account (429 with Retry-After: lib/auth/rate-limit.ts); every attempt, good or bad, is audited as `auth.login`. An unknown user,
 * a disabled one and a wrong password give the same answer after the same work.
 */
export async function login(attempt: LoginAttempt): Promise<{ user: User; session: NewSession }> {
  const audit = (result: string) =>
    appendAudit({
      actor: attempt.username.slice(0, 200),
      actorKind: 'user',
      address: attempt.address,
      action: 'auth.login',
      target: attempt.username.slice(0, 200),
      serviceId: null,
      params: { username: attempt.username.slice(0, 200) },
      result,
      requestId: attempt.requestId,
    });

  if ((await ensureBootstrapAdmin()) === 'no-admin-password') throw unavailable(NO_USERS_MESSAGE);

  // The attempt is counted before the password is checked: verifying takes a while (argon2id), and
  // counting after it let 200 concurrent guesses all past a limit of 10. A good password takes its
  // reserved failure back.
  const limiters = loginLimiters();
  const account = attempt.username.toLowerCase();
  const keys = {
    pair: `${account}\u0000${attempt.address}`,
    address: attempt.address,
    account,
  } as const;
  const names = Object.keys(keys) as (keyof typeof keys)[];
  const now = Date.now();
  const waitMs = Math.max(...names.map((k) => limiters[k].retryAfterMs(keys[k], now)));
  if (waitMs > 0) {
    // One entry per account + address a minute: refused attempts cost nothing, and must not let
    // anyone grow the audit log at will.
    if (announceRefusal(keys.pair, now)) audit('error:429');
    const seconds = Math.ceil(waitMs / 1000);
    throw new AppError(
      'rate_limited',
      `Too many failed logins: try again in ${seconds} s`,
      { retryAfterSeconds: seconds },
      { 'retry-after': String(seconds) },
    );
  }
  for (const k of names) limiters[k].fail(keys[k], now);

  const user = findUserByName(attempt.username);
  const passwordOk = await verifyPassword(user?.passwordHash ?? null, attempt.password);
  // An OIDC user has no password hash (so `passwordOk` is already false): refused the same way.
  if (!user || !passwordOk || user.disabled || user.kind !== 'local') {
    audit('error:401');
    throw unauthorized('Wrong username or password');
  }
  limiters.pair.reset(keys.pair);
  limiters.address.forgive(keys.address, now);
  limiters.account.forgive(keys.account, now);
  audit('ok');
  recordLogin(user.id);
  return {
    user: publicUser({ ...user, lastLoginAt: new Date().toISOString() }),
    session: createSession(user.id),
  };
}
