import { describe, expect, it } from 'vitest';
import type { Service } from '@/lib/services/types';
import { wallOrder } from './wall-order';

const s = (
  name: string,
  status: Service['status'],
  firing = 0,
  level: 'ok' | 'warn' | 'critical' | null = null,
) =>
  ({ name, stack: 'a', status, alerts: { firing, pending: 0 }, queue: level ? { level } : null }) as Service;

describe('wallOrder', () => {
  it('puts the worst first: down, unknown, degraded, healthy; then alerts, then queue level', () => {
    const list = [
      s('h', 'healthy'),
      s('d', 'degraded'),
      s('x', 'down'),
      s('u', 'unknown'),
      s('h2', 'healthy', 2),
      s('h3', 'healthy', 0, 'critical'),
    ];
    expect(list.sort(wallOrder).map((x) => x.name)).toEqual(['x', 'u', 'd', 'h2', 'h3', 'h']);
  });
});
