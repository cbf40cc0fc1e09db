import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { closeDb } from '@/lib/store/db';
import { authenticate } from './authenticate';
import { SESSION_COOKIE } from './cookies';
import { login } from './login';
import { LOGIN_POLICIES } from './rate-limit';
import { authDb } from './schema';
import { createToken, principalForToken, revokeToken } from './tokens';
import { changeOwnPassword, createUser, getUser, updateUser } from './users';
import { VERIFIED_TTL_MS } from './verified-tokens';

let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-auth-'));
  process.env.OPSDECK_DATA_DIR = dir;
  process.env.OPSDECK_ADMIN_PASSWORD = 'bootstrap-password-1';
  resetEnvCache();
  closeDb();
});

afterAll(() => {
  closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

const bearer = (token: string) =>
  new Request('http://x/api', { headers: { authorization: `Bearer ${token}` } });
const attempt = (username: string, password: string, address = '10.0.0.1') =>
  login({ username, password, address, requestId: 'test' });

describe('login and sessions', () => {
  it('bootstraps admin from OPSDECK_ADMIN_PASSWORD and opens a session', async () => {
    const { user, session } = await attempt('admin', 'bootstrap-password-1');
    expect(user.role).toBe('admin');
    const principal = await authenticate(
      new Request('http://x/', { headers: { cookie: `${SESSION_COOKIE}=${session.id}` } }),
    );
    expect(principal).toMatchObject({
      kind: 'user',
      name: 'admin',
      scopes: ['read', 'operate', 'admin', 'exec'],
    });
  });

  it('answers an unknown user and a wrong password alike', async () => {
    await expect(attempt('nobody', 'whatever-pass')).rejects.toMatchObject({ status: 401 });
    await expect(attempt('admin', 'wrong-password')).rejects.toMatchObject({ status: 401 });
  });

  it('counts a guess before checking it: of 200 concurrent guesses only the free 5 are verified', async () => {
    await createUser({ username: 'victim', password: 'right-password', role: 'viewer' });
    // The burst happens at one instant: after the 5th failure the 6th guess may rightly try again
    // a second later, and a loaded machine can spend that second verifying the first five.
    const now = Date.now();
    const clock = vi.spyOn(Date, 'now').mockReturnValue(now);
    try {
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          attempt('victim', `bad-${i}`, '10.1.0.1').catch((e: { status: number }) => e.status),
        ),
      );
      expect(results.filter((s) => s === 401)).toHaveLength(LOGIN_POLICIES.pair.freeFailures);
      expect(results.filter((s) => s === 429)).toHaveLength(200 - LOGIN_POLICIES.pair.freeFailures);
      const err = await attempt('victim', 'right-password', '10.1.0.1').catch((e: unknown) => e);
      expect(err).toMatchObject({ status: 429 });
      expect((err as { headers: Record<string, string> }).headers['retry-after']).toMatch(/^\d+$/);
    } finally {
      clock.mockRestore();
    }
  });

  it('slows down the account + address, not the account everywhere: the real user still gets in', async () => {
    // The guesser above is slowed; the same account from another address is not locked out.
    const { user } = await attempt('victim', 'right-password', '10.9.0.1');
    expect(user.username).toBe('victim');
  });

  it('a good password takes back its reserved attempt', async () => {
    await createUser({ username: 'regular', password: 'regular-password', role: 'viewer' });
    for (let i = 0; i < LOGIN_POLICIES.pair.freeFailures + 3; i++) {
      await attempt('regular', 'regular-password', '10.4.0.1');
    }
  });

  it('ends the sessions of a disabled user', async () => {
    const u = await createUser({ username: 'leaver', password: 'leaver-password', role: 'operator' });
    const { session } = await attempt('leaver', 'leaver-password', '10.3.0.1');
    await updateUser(u.id, { disabled: true });
    const principal = await authenticate(
      new Request('http://x/', { headers: { cookie: `${SESSION_COOKIE}=${session.id}` } }),
    );
    expect(principal).toBeNull();
  });

  it('records the last login, and a user changes their own password only with the current one', async () => {
    const u = await createUser({ username: 'mover', password: 'mover-password-1', role: 'viewer' });
    expect(getUser(u.id).lastLoginAt).toBeNull();
    const { session } = await attempt('mover', 'mover-password-1', '10.4.0.1');
    expect(Date.parse(getUser(u.id).lastLoginAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    await expect(changeOwnPassword(u.id, 'a-wrong-guess', 'mover-password-2')).rejects.toMatchObject({
      status: 400,
    });
    await changeOwnPassword(u.id, 'mover-password-1', 'mover-password-2');
    // the open session ends with the old password
    const principal = await authenticate(
      new Request('http://x/', { headers: { cookie: `${SESSION_COOKIE}=${session.id}` } }),
    );
    expect(principal).toBeNull();
    await expect(attempt('mover', 'mover-password-1', '10.4.0.2')).rejects.toMatchObject({ status: 401 });
    expect((await attempt('mover', 'mover-password-2', '10.4.0.3')).user.username).toBe('mover');
  });
});

describe('tokens', () => {
  it('authenticates a bearer token until it is revoked', async () => {
    const { id, token } = createToken({ name: 'ci', scopes: ['operate'], services: ['analytics/worker'] });
    expect(token.startsWith('opsdeck_')).toBe(true);
    const principal = await authenticate(bearer(token));
    // The actor is the token's id, never its free-form name (which could say `admin`).
    expect(principal).toMatchObject({
      kind: 'token',
      name: `token:${id}`,
      label: 'ci',
      scopes: ['read', 'operate'],
    });
    expect(principal?.services).toEqual(['analytics/worker']);
    revokeToken(id);
    await expect(authenticate(bearer(token))).rejects.toMatchObject({ status: 401 });
  });

  it('refuses an expired token', async () => {
    const expiresAt = new Date(Date.now() + 60_000);
    const { token } = createToken({ name: 'old', scopes: ['read'], expiresAt });
    expect(principalForToken(token, new Date(expiresAt.getTime() - 1))).not.toBeNull();
    expect(principalForToken(token, expiresAt)).toBeNull();
    expect(() => createToken({ name: 'past', scopes: ['read'], expiresAt: new Date(0) })).toThrow(/future/);
  });
});

describe('verified tokens are kept briefly, and every narrowing write is honoured at once', () => {
  it('revocation, demotion and disabling reach the next request; an outside change within the TTL', async () => {
    const owner = await createUser({ username: 'cache-owner', password: 'cache-owner-pw', role: 'operator' });
    const { id, token } = createToken({ name: 'cached', scopes: ['operate'], createdBy: owner.id });
    expect(principalForToken(token)?.scopes).toEqual(['read', 'operate']);
    // Served from the cache now: a demotion of the owner still narrows the very next request.
    await updateUser(owner.id, { role: 'viewer' });
    expect(principalForToken(token)?.scopes).toEqual(['read']);
    await updateUser(owner.id, { disabled: true });
    expect(principalForToken(token)).toBeNull();
    await updateUser(owner.id, { disabled: false, role: 'operator' });
    expect(principalForToken(token)?.scopes).toEqual(['read', 'operate']);
    revokeToken(id);
    expect(principalForToken(token)).toBeNull();

    // A change made to the store by another process is honoured once the short TTL has passed.
    const other = createToken({ name: 'outside', scopes: ['read'] });
    expect(principalForToken(other.token)).not.toBeNull();
    authDb().prepare('UPDATE tokens SET revoked_at = ? WHERE id = ?').run(new Date().toISOString(), other.id);
    await new Promise((r) => setTimeout(r, VERIFIED_TTL_MS + 50));
    expect(principalForToken(other.token)).toBeNull();
  });
});
