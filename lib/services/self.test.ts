import { afterEach, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { isOpsdeckItself, resetSelfDetection } from './self';

const svc = (over: Partial<Parameters<typeof isOpsdeckItself>[0]> = {}) => ({
  stack: 'ops',
  name: 'web',
  labels: {},
  containers: [],
  ...over,
});

afterEach(() => {
  delete process.env.OPSDECK_SELF_SERVICES;
  resetEnvCache();
  resetSelfDetection(undefined);
});

describe('isOpsdeckItself', () => {
  it('by the opsdeck.role label, console or socket-proxy only', () => {
    resetSelfDetection(null);
    expect(isOpsdeckItself(svc({ labels: { 'opsdeck.role': 'console' } }))).toBe(true);
    expect(isOpsdeckItself(svc({ labels: { 'opsdeck.role': 'socket-proxy' } }))).toBe(true);
    expect(isOpsdeckItself(svc({ labels: { 'opsdeck.role': 'worker' } }))).toBe(false);
    expect(isOpsdeckItself(svc())).toBe(false);
  });
  it('by its own container id', () => {
    const id = 'a'.repeat(64);
    resetSelfDetection(id);
    const containers = [{ id, labels: {} }] as unknown as Parameters<typeof isOpsdeckItself>[0]['containers'];
    expect(isOpsdeckItself(svc({ containers }))).toBe(true);
  });
  it('by OPSDECK_SELF_SERVICES globs, literal otherwise', () => {
    resetSelfDetection(null);
    process.env.OPSDECK_SELF_SERVICES = 'ops/we*, infra/proxy';
    resetEnvCache();
    expect(isOpsdeckItself(svc())).toBe(true);
    expect(isOpsdeckItself(svc({ stack: 'infra', name: 'proxy' }))).toBe(true);
    expect(isOpsdeckItself(svc({ stack: 'infra', name: 'proxyX' }))).toBe(false);
    expect(isOpsdeckItself(svc({ stack: 'opsX', name: 'web' }))).toBe(false);
  });
});
