import { describe, expect, it } from 'vitest';
import { repositoryOf, sameRepository } from './image-repository';

describe('repositoryOf', () => {
  it('drops tag and digest, keeps a registry port', () => {
    expect(repositoryOf('registry:5000/team/app:1.2@sha256:abc')).toBe('registry:5000/team/app');
    expect(repositoryOf('registry:5000/team/app')).toBe('registry:5000/team/app');
    expect(repositoryOf('docker.io/library/redis:7')).toBe('redis');
    expect(repositoryOf('Redis')).toBe('redis');
  });
});

describe('sameRepository', () => {
  it('allows another tag of the same repository, by name or by an id tagged in it', () => {
    expect(sameRepository('team/app:1', 'team/app:2', [])).toBe(true);
    expect(sameRepository('team/app:1', 'sha256:0123456789ab', ['team/app:2'])).toBe(true);
  });
  it('refuses another repository, or an id that carries no tag of it', () => {
    expect(sameRepository('team/app:1', 'evil/shell:1', [])).toBe(false);
    expect(sameRepository('team/app:1', 'team/app-other:1', [])).toBe(false);
    expect(sameRepository('team/app:1', 'sha256:0123456789ab', ['evil/shell:1'])).toBe(false);
  });
});
