import { describe, expect, it } from 'vitest';
import { findContainer, MIN_CONTAINER_PREFIX, resolveContainerRef } from './container-ref';
import type { ContainerInfo, DockerService } from './types';

const A = `abcdef${'0'.repeat(58)}`;
const B = `abcdee${'1'.repeat(58)}`;
const C = `abcdef${'2'.repeat(58)}`;
const ids = [A, B];
const same = (s: string) => s;

describe('resolveContainerRef', () => {
  it('accepts a full id or a unique prefix of the minimum length, in any case', () => {
    expect(resolveContainerRef(ids, A, same)).toBe(A);
    expect(resolveContainerRef(ids, 'abcdef', same)).toBe(A);
    expect(resolveContainerRef(ids, ` ${A.slice(0, 12).toUpperCase()} `, same)).toBe(A);
  });

  it('rejects short, non-hex and ambiguous references', () => {
    expect(MIN_CONTAINER_PREFIX).toBe(6);
    expect(resolveContainerRef(ids, 'abcde', same)).toBeNull();
    expect(resolveContainerRef(ids, '../etc', same)).toBeNull();
    expect(resolveContainerRef(ids, '', same)).toBeNull();
    expect(resolveContainerRef([A, C], 'abcdef', same)).toBeNull();
    expect(resolveContainerRef([A, C], A, same)).toBe(A);
    expect(resolveContainerRef(ids, 'abcdef123456', same)).toBeNull();
  });
});

describe('findContainer', () => {
  it('finds the service that holds the container', () => {
    const svc = (name: string, id: string) =>
      ({ name, containers: [{ id } as ContainerInfo] }) as unknown as DockerService;
    const found = findContainer([svc('a', A), svc('b', B)], B.slice(0, 8));
    expect(found?.service.name).toBe('b');
    expect(found?.container.id).toBe(B);
    expect(findContainer([svc('a', A), svc('c', C)], 'abcdef')).toBeNull();
  });
});
