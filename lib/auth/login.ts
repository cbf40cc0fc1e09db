import { appendAudit } from '@/lib/audit/append';
import { AppError, unauthorized, unavailable } from '@/lib/errors';
import { verifyPassword } from './passwords';
import { loginLimiter } from './rate-limit';
import { createSession, type NewSession } from './sessions';
import { ensureBootstrapAdmin, findUserByName, NO_USERS_MESSAGE, publicUser, type User } from './users';

export interface LoginAttempt {
  username: string;
  password: string;
  /** the client address used for the per-address limit and the audit entry */
  address: string;
  requestId: string;
}

/**
 * Checks a username and password and opens a session. Rate-limited per username and per address
 * (429 with Retry-After); every attempt, good or bad, is audited as `auth.login`. An unknown user,
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

  const limiter = loginLimiter();
  const userKey = `user:${attempt.username.toLowerCase()}`;
  const addressKey = `address:${attempt.address}`;
  const waitMs = Math.max(limiter.retryAfterMs(userKey), limiter.retryAfterMs(addressKey));
  if (waitMs > 0) {
    audit('error:429');
    const seconds = Math.ceil(waitMs / 1000);
    throw new AppError(
      'rate_limited',
      `Too many failed logins: try again in ${seconds} s`,
      { retryAfterSeconds: seconds },
      { 'retry-after': String(seconds) },
    );
  }

  const user = findUserByName(attempt.username);
  const passwordOk = await verifyPassword(user?.passwordHash ?? null, attempt.password);
  if (!user || !passwordOk || user.disabled) {
    limiter.fail(userKey);
    limiter.fail(addressKey);
    audit('error:401');
    throw unauthorized('Wrong username or password');
  }
  limiter.reset(userKey);
  audit('ok');
  return { user: publicUser(user), session: createSession(user.id) };
}
