import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv as parse } from './env';
import { claimValues, parseOidcSettings, parseRoleMap, roleFor } from './oidc';

const parseEnv = (vars: Record<string, string>) => parse(vars as NodeJS.ProcessEnv);

const base = {
  OPSDECK_OIDC_ISSUER: 'https://id.example.com/realms/ops',
  OPSDECK_OIDC_CLIENT_ID: 'opsdeck',
  OPSDECK_PUBLIC_URL: 'https://ops.example.com/',
  OPSDECK_OIDC_ROLE_MAP: 'ops-admins=admin,ops=operator,*=viewer',
};

describe('role mapping', () => {
  const map = parseRoleMap('ops-admins=admin, ops=operator ,*=viewer');

  it('gives the highest role any claim value maps to, whatever the order of the map', () => {
    expect(roleFor(['ops'], map)).toBe('operator');
    expect(roleFor(['ops', 'ops-admins'], map)).toBe('admin');
    expect(roleFor(['ops-admins', 'ops'], parseRoleMap('ops=operator,ops-admins=admin'))).toBe('admin');
  });

  it('gives the * role to a user none of whose values is listed, and refuses without one', () => {
    expect(roleFor(['sales'], map)).toBe('viewer');
    expect(roleFor([], map)).toBe('viewer');
    const strict = parseRoleMap('ops-admins=admin,ops=operator');
    expect(roleFor(['sales'], strict)).toBeNull();
    expect(roleFor([], strict)).toBeNull();
  });

  it('compares values exactly: no prefix, case or substring matches', () => {
    const strict = parseRoleMap('ops=operator');
    expect(roleFor(['OPS', 'ops-team', 'devops'], strict)).toBeNull();
  });

  it('takes the role after the last =, so a value may hold one', () => {
    expect(parseRoleMap('cn=ops=admin').entries).toEqual([{ value: 'cn=ops', role: 'admin' }]);
  });

  it('refuses an unknown role, an entry without =, and an empty map, naming the variable', () => {
    expect(() => parseRoleMap('ops=root')).toThrow(/OPSDECK_OIDC_ROLE_MAP: "ops=root"/);
    expect(() => parseRoleMap('ops')).toThrow(/OPSDECK_OIDC_ROLE_MAP/);
    expect(() => parseRoleMap('=admin')).toThrow(/OPSDECK_OIDC_ROLE_MAP/);
    expect(() => parseRoleMap(' , ')).toThrow(/no entries/);
  });

  it('reads a claim as a string, a list, or a dotted path into nested claims', () => {
    expect(claimValues({ groups: 'ops' }, 'groups')).toEqual(['ops']);
    expect(claimValues({ groups: ['ops', 3, 'dev'] }, 'groups')).toEqual(['ops', 'dev']);
    expect(claimValues({ realm_access: { roles: ['ops'] } }, 'realm_access.roles')).toEqual(['ops']);
    expect(claimValues({ 'https://x/groups': ['a'] }, 'https://x/groups')).toEqual(['a']);
    expect(claimValues({}, 'groups')).toEqual([]);
    expect(claimValues({ groups: { ops: true } }, 'groups')).toEqual([]);
  });
});

describe('OIDC settings', () => {
  it('is off without an issuer', () => {
    expect(parseOidcSettings({})).toBeNull();
    expect(parseEnv({}).oidc).toBeNull();
  });

  it('builds the redirect URL on the public URL and has defaults', () => {
    const s = parseOidcSettings(base);
    expect(s?.redirectUri).toBe('https://ops.example.com/api/v1/auth/oidc/callback');
    expect(s?.scopes).toBe('openid profile email');
    expect(s?.roleClaim).toBe('groups');
    expect(s?.usernameClaim).toBe('preferred_username');
    expect(s?.name).toBe('single sign-on');
    expect(s?.clientSecret).toBeUndefined();
    expect(s?.roleMap.fallback).toBe('viewer');
  });

  it('keeps a path prefix of the public URL and always asks for openid', () => {
    const s = parseOidcSettings({
      ...base,
      OPSDECK_PUBLIC_URL: 'https://example.com/ops/',
      OPSDECK_OIDC_SCOPES: 'profile,groups',
    });
    expect(s?.redirectUri).toBe('https://example.com/ops/api/v1/auth/oidc/callback');
    expect(s?.scopes).toBe('openid profile groups');
  });

  it('reads the secret from a file', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'oidc-')), 'secret');
    fs.writeFileSync(file, 's3cret\n');
    expect(parseOidcSettings({ ...base, OPSDECK_OIDC_CLIENT_SECRET_FILE: file })?.clientSecret).toBe(
      's3cret',
    );
    expect(() => parseOidcSettings({ ...base, OPSDECK_OIDC_CLIENT_SECRET_FILE: `${file}-missing` })).toThrow(
      /OPSDECK_OIDC_CLIENT_SECRET_FILE/,
    );
  });

  it('refuses a half configuration at boot, naming what is missing', () => {
    const without = (k: keyof typeof base) => ({ ...base, [k]: '' });
    expect(() => parseEnv(without('OPSDECK_OIDC_CLIENT_ID'))).toThrow(ConfigError);
    expect(() => parseEnv(without('OPSDECK_OIDC_CLIENT_ID'))).toThrow(/OPSDECK_OIDC_CLIENT_ID/);
    expect(() => parseEnv(without('OPSDECK_PUBLIC_URL'))).toThrow(/OPSDECK_PUBLIC_URL/);
    expect(() => parseEnv(without('OPSDECK_OIDC_ROLE_MAP'))).toThrow(/OPSDECK_OIDC_ROLE_MAP/);
    expect(() => parseEnv({ ...base, OPSDECK_OIDC_ROLE_MAP: 'ops=god' })).toThrow(/ops=god/);
  });

  it('refuses an http issuer unless OPSDECK_OIDC_ALLOW_HTTP says so', () => {
    const http = { ...base, OPSDECK_OIDC_ISSUER: 'http://127.0.0.1:9000' };
    expect(() => parseOidcSettings(http)).toThrow(/must be https/);
    expect(parseOidcSettings({ ...http, OPSDECK_OIDC_ALLOW_HTTP: 'true' })?.allowHttp).toBe(true);
  });
});
