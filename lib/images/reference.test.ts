import { describe, expect, it } from 'vitest';
import { digestFor, isLoopbackRegistry, parseReference } from './reference';

const D = `sha256:${'a'.repeat(64)}`;

describe('parseReference', () => {
  it('splits registry, repository and tag the way the engine does', () => {
    expect(parseReference('redis')).toMatchObject({
      registry: 'docker.io',
      apiHost: 'registry-1.docker.io',
      repository: 'library/redis',
      tag: 'latest',
      name: 'redis',
    });
    expect(parseReference('docker.io/library/redis:7')).toMatchObject({ name: 'redis', tag: '7' });
    expect(parseReference('team/api:1.2')).toMatchObject({ repository: 'team/api', name: 'team/api' });
    expect(parseReference('127.0.0.1:5000/demo/app:1')).toMatchObject({
      registry: '127.0.0.1:5000',
      repository: 'demo/app',
      tag: '1',
      name: '127.0.0.1:5000/demo/app',
    });
    expect(parseReference('localhost/app')).toMatchObject({ registry: 'localhost', tag: 'latest' });
    expect(parseReference(`ghcr.io/org/app:2@${D}`)).toMatchObject({ tag: '2', digest: D });
    expect(parseReference(`ghcr.io/org/app@${D}`)).toMatchObject({ tag: null, digest: D });
  });

  it('refuses image ids and malformed references', () => {
    expect(
      parseReference('sha256:0123456789ab0123456789ab0123456789ab0123456789ab0123456789abcdef'),
    ).toBeNull();
    expect(parseReference('0123456789ab')).toBeNull();
    expect(parseReference('Team/App:1')).toBeNull();
    expect(parseReference('app:bad tag')).toBeNull();
    expect(parseReference('app@sha256:short')).toBeNull();
    expect(parseReference('')).toBeNull();
  });
});

describe('digestFor', () => {
  it("finds the repository's digest among RepoDigests, across Hub spellings", () => {
    const ref = parseReference('redis:7');
    if (!ref) throw new Error('unparsed');
    expect(digestFor(ref, [`other/redis@sha256:${'b'.repeat(64)}`, `redis@${D}`])).toBe(D);
    expect(digestFor(ref, [`docker.io/library/redis@${D}`])).toBe(D);
    const local = parseReference('127.0.0.1:5000/demo/app:1');
    if (!local) throw new Error('unparsed');
    expect(digestFor(local, [`redis@${D}`])).toBeNull();
    expect(digestFor(local, [`127.0.0.1:5000/demo/app@${D}`])).toBe(D);
  });
});

describe('isLoopbackRegistry', () => {
  it('is true for 127.0.0.0/8, localhost and ::1 only', () => {
    expect(isLoopbackRegistry('127.0.0.1:5000')).toBe(true);
    expect(isLoopbackRegistry('127.3.2.1')).toBe(true);
    expect(isLoopbackRegistry('localhost:5000')).toBe(true);
    expect(isLoopbackRegistry('[::1]:5000')).toBe(true);
    expect(isLoopbackRegistry('127.example.com')).toBe(false);
    expect(isLoopbackRegistry('ghcr.io')).toBe(false);
  });
});
