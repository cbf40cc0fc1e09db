import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { closeDb } from '@/lib/store/db';
import { login } from '../login';
import { createSession, principalForSession } from '../sessions';
import { changeOwnPassword, createUser, getUser, updateUser } from '../users';
import { openFlow, sealFlow } from './flow-cookie';
import { usernameOf } from './login';
import { OidcRefused, refusalMessage } from './messages';
import { endSessionsOfIdentity, upsertOidcUser } from './users';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-oidc-'));
  process.env.OPSDECK_DATA_DIR = dir;
  process.env.OPSDECK_ADMIN_PASSWORD = 'bootstrap-password-1';
  resetEnvCache();
  closeDb();
});
afterAll(() => {
  closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

const ISSUER = 'https://id.example.com/';
const refusal = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    if (err instanceof OidcRefused) return err.code;
    throw err;
  }
  return 'none';
};

describe('OIDC users', () => {
  it('creates the user at first login, kind oidc, with the mapped role and no password', () => {
    const user = upsertOidcUser({ issuer: ISSUER, subject: 'sub-1', username: 'olga', role: 'operator' });
    expect(user).toMatchObject({ username: 'olga', role: 'operator', kind: 'oidc', disabled: false });
    const record = getUser(user.id);
    expect(record.passwordHash).toBeNull();
    expect(record.oidcSubject).toBe('sub-1');
    expect(record.lastLoginAt).not.toBeNull();
  });

  it('finds the same user by issuer + subject and re-evaluates the role at each login', () => {
    const again = upsertOidcUser({ issuer: ISSUER, subject: 'sub-1', username: 'olga', role: 'viewer' });
    const first = getUser(again.id);
    expect(first.role).toBe('viewer');
    // the same subject from another issuer is someone else (and the name is taken)
    expect(
      refusal(() =>
        upsertOidcUser({ issuer: 'https://other/', subject: 'sub-1', username: 'olga', role: 'admin' }),
      ),
    ).toBe('name-taken');
  });

  it('follows a rename at the provider unless the new name is taken', async () => {
    await createUser({ username: 'local-bob', password: 'local-password-1', role: 'viewer' });
    const renamed = upsertOidcUser({ issuer: ISSUER, subject: 'sub-1', username: 'olga.k', role: 'viewer' });
    expect(renamed.username).toBe('olga.k');
    const kept = upsertOidcUser({ issuer: ISSUER, subject: 'sub-1', username: 'local-bob', role: 'viewer' });
    expect(kept.username).toBe('olga.k');
  });

  it('never takes over a local account with the same name (any case)', async () => {
    await createUser({ username: 'root', password: 'root-password-1', role: 'admin' });
    expect(
      refusal(() =>
        upsertOidcUser({ issuer: ISSUER, subject: 'sub-2', username: 'LOCAL-BOB', role: 'admin' }),
      ),
    ).toBe('name-taken');
    expect(
      refusal(() => upsertOidcUser({ issuer: ISSUER, subject: 'sub-3', username: 'Root', role: 'admin' })),
    ).toBe('name-taken');
  });

  it('keeps a disabled user refused, and its sessions end', async () => {
    const user = upsertOidcUser({ issuer: ISSUER, subject: 'sub-4', username: 'dora', role: 'operator' });
    const session = createSession(user.id);
    expect(principalForSession(session.id)?.role).toBe('operator');
    await updateUser(user.id, { disabled: true });
    expect(principalForSession(session.id)).toBeNull();
    expect(
      refusal(() => upsertOidcUser({ issuer: ISSUER, subject: 'sub-4', username: 'dora', role: 'operator' })),
    ).toBe('disabled');
  });

  it('ends the sessions of an identity that maps to no role any more, and only those', () => {
    const gone = upsertOidcUser({ issuer: ISSUER, subject: 'sub-6', username: 'gus', role: 'viewer' });
    const stays = upsertOidcUser({ issuer: ISSUER, subject: 'sub-7', username: 'sue', role: 'viewer' });
    const a = createSession(gone.id);
    const b = createSession(stays.id);
    expect(endSessionsOfIdentity(ISSUER, 'sub-6')).toBe(1);
    expect(principalForSession(a.id)).toBeNull();
    expect(principalForSession(b.id)?.name).toBe('sue');
  });

  it('never lets a password log in as an OIDC user, nor sets one', async () => {
    const user = upsertOidcUser({ issuer: ISSUER, subject: 'sub-5', username: 'pat', role: 'admin' });
    await expect(
      login({ username: 'pat', password: '', address: '10.1.1.1', requestId: 't' }),
    ).rejects.toThrow(/Wrong username or password/);
    await expect(updateUser(user.id, { password: 'a-new-password-1' })).rejects.toThrow(/single sign-on/);
    await expect(changeOwnPassword(user.id, 'x', 'a-new-password-1')).rejects.toThrow(/single sign-on/);
    expect(getUser(user.id).passwordHash).toBeNull();
  });
});

describe('the pending flow cookie', () => {
  const flow = { state: 's', nonce: 'n', verifier: 'v', next: '/services', exp: Date.now() + 60_000 };

  it('opens what it sealed, and nothing else', () => {
    const sealed = sealFlow(flow);
    expect(openFlow(sealed)).toEqual(flow);
    expect(sealed).not.toContain('services');
    const bytes = Buffer.from(sealed, 'base64url');
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
    expect(openFlow(bytes.toString('base64url'))).toBeNull();
    expect(openFlow('')).toBeNull();
    expect(openFlow(null)).toBeNull();
    expect(openFlow('not-base64-at-all!')).toBeNull();
  });

  it('refuses an expired flow', () => {
    expect(openFlow(sealFlow({ ...flow, exp: Date.now() - 1 }))).toBeNull();
  });
});

describe('user names and messages', () => {
  it('takes the configured claim, then email, then the subject, without control characters', () => {
    expect(usernameOf({ preferred_username: 'ann', email: 'a@x', sub: '1' }, 'preferred_username')).toBe(
      'ann',
    );
    expect(usernameOf({ email: 'a@x', sub: '1' }, 'preferred_username')).toBe('a@x');
    expect(usernameOf({ sub: '1' }, 'preferred_username')).toBe('1');
    expect(usernameOf({ preferred_username: 'a\u0000n\nn ', sub: '1' }, 'preferred_username')).toBe('ann');
    expect(() => usernameOf({}, 'preferred_username')).toThrow(OidcRefused);
  });

  it('shows only known refusal codes', () => {
    expect(refusalMessage('no-role')).toMatch(/no group/);
    expect(refusalMessage('<script>')).toBeNull();
    expect(refusalMessage('toString')).toBeNull();
    expect(refusalMessage(undefined)).toBeNull();
  });
});
