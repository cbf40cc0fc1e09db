import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { credentialsFor, normalise } from './credentials';
import { parseReference } from './reference';

const ref = (s: string) => {
  const r = parseReference(s);
  if (!r) throw new Error(`unparsed ${s}`);
  return r;
};

afterEach(() => {
  delete process.env.OPSDECK_DOCKER_CONFIG;
  delete process.env.OPSDECK_REGISTRY_AUTH;
  delete process.env.OPSDECK_REGISTRY_AUTH_FILE;
  resetEnvCache();
});

function config(auths: Record<string, unknown>): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-dockercfg-'));
  const file = path.join(dir, 'config.json');
  fs.writeFileSync(file, JSON.stringify({ auths }));
  process.env.OPSDECK_DOCKER_CONFIG = file;
  resetEnvCache();
}

describe('registry credentials', () => {
  it("reads the engine client's config.json auths (base64 user:password), Hub under its v1 URL", () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    config({
      'https://index.docker.io/v1/': { auth: b64('hubuser:hub:pass') },
      'ghcr.io': { auth: b64('gh:tok') },
    });
    expect(credentialsFor(ref('redis:7'))).toEqual({ username: 'hubuser', password: 'hub:pass' });
    expect(credentialsFor(ref('ghcr.io/org/app:1'))).toEqual({ username: 'gh', password: 'tok' });
    expect(credentialsFor(ref('quay.io/org/app:1'))).toBeNull();
  });

  it('prefers OPSDECK_REGISTRY_AUTH, and is anonymous without any', () => {
    process.env.OPSDECK_DOCKER_CONFIG = '/nonexistent/config.json';
    process.env.OPSDECK_REGISTRY_AUTH = 'ghcr.io=bot:s3cret:x,127.0.0.1:5000=a:b';
    resetEnvCache();
    expect(credentialsFor(ref('ghcr.io/org/app:1'))).toEqual({ username: 'bot', password: 's3cret:x' });
    expect(credentialsFor(ref('127.0.0.1:5000/demo/app:1'))).toEqual({ username: 'a', password: 'b' });
    expect(credentialsFor(ref('redis'))).toBeNull();
  });

  it('reads the setting from OPSDECK_REGISTRY_AUTH_FILE (a compose secret)', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'opsdeck-regauth-')), 'auth');
    fs.writeFileSync(file, 'ghcr.io=filebot:pw\n');
    process.env.OPSDECK_DOCKER_CONFIG = '/nonexistent/config.json';
    process.env.OPSDECK_REGISTRY_AUTH_FILE = file;
    resetEnvCache();
    expect(credentialsFor(ref('ghcr.io/org/app:1'))).toEqual({ username: 'filebot', password: 'pw' });
  });

  it('normalises config keys to registry hosts', () => {
    expect(normalise('https://index.docker.io/v1/')).toBe('docker.io');
    expect(normalise('http://127.0.0.1:5000')).toBe('127.0.0.1:5000');
    expect(normalise('ghcr.io')).toBe('ghcr.io');
  });
});
