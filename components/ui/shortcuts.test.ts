import { describe, expect, it } from 'vitest';
import { shortcutFor } from './shortcuts';

describe('shortcutFor', () => {
  it('maps /, g s and g a; anything else does nothing', () => {
    expect(shortcutFor('/', false)).toEqual({ kind: 'search' });
    expect(shortcutFor('g', false)).toEqual({ kind: 'prefix' });
    expect(shortcutFor('s', true)).toEqual({ kind: 'go', href: '/' });
    expect(shortcutFor('a', true)).toEqual({ kind: 'go', href: '/alerts' });
    expect(shortcutFor('s', false)).toBeNull();
    expect(shortcutFor('x', true)).toBeNull();
  });
});
