import { describe, expect, it } from 'vitest';
import { ops } from '@/lib/contract';
import { wallRoutes } from '@/lib/contract/wall-routes';

describe('wallRoutes', () => {
  it('names each operation exactly as the contract declares it', () => {
    for (const [key, route] of Object.entries(wallRoutes)) {
      const op = ops[key as keyof typeof ops];
      expect({ method: op.method, name: op.name, path: op.path }).toEqual(route);
    }
  });
});
