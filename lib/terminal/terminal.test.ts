import { describe, expect, it } from 'vitest';
import { canExec, canMintScopes } from '@/lib/auth/permissions';
import type { Principal } from '@/lib/auth/types';
import { SessionLimits } from './limits';
import { terminalCommand } from './schemas';
import { closeReason } from './session';
import { render, Transcript } from './transcript';

const principal = (scopes: Principal['scopes'], extra: Partial<Principal> = {}): Principal => ({
  kind: 'user',
  id: 'u1',
  name: 'ann',
  scopes,
  services: null,
  ...extra,
});

describe('the exec permission', () => {
  it('is its own scope: admin does not imply it, display forbids it', () => {
    expect(canExec(principal(['read', 'operate', 'admin']))).toBe(false);
    expect(canExec(principal(['read', 'operate', 'admin', 'exec']))).toBe(true);
    expect(canExec(principal(['exec', 'display']))).toBe(false);
    const limited = principal(['exec'], { services: ['shop/web'] });
    expect(canExec(limited, { id: 'x', stack: 'shop', name: 'web' })).toBe(true);
    expect(canExec(limited, { id: 'y', stack: 'shop', name: 'db' })).toBe(false);
  });

  it('is minted only by who holds it, never beside display', () => {
    const admin = principal(['read', 'operate', 'admin', 'exec']);
    expect(canMintScopes(admin, ['exec'])).toBe(true);
    expect(canMintScopes(admin, ['display', 'exec'])).toBe(false);
    expect(canMintScopes(principal(['read', 'operate', 'admin']), ['exec'])).toBe(false);
  });
});

describe('terminal sessions', () => {
  it('count against a global and a per-owner limit, freed once', () => {
    const limits = new SessionLimits(3, 2);
    const a1 = limits.take('a');
    const a2 = limits.take('a');
    expect(typeof a1).toBe('function');
    expect(limits.take('a')).toMatch(/2 terminal sessions open/);
    const b1 = limits.take('b');
    expect(limits.take('c')).toMatch(/3 in all/);
    if (typeof a1 === 'function') {
      a1();
      a1();
    }
    expect(limits.open()).toBe(2);
    expect(typeof limits.take('c')).toBe('function');
    expect([a2, b1].every((r) => typeof r === 'function')).toBe(true);
  });

  it('keep a readable transcript up to the cap, counting the rest', () => {
    expect(render('ls\r\x03\x1b[A\x7f\té')).toBe('ls\n^C^[[A^?\té');
    const t = new Transcript(10);
    // a UTF-8 character cut between two frames is kept whole
    const e = Buffer.from('é');
    t.push(Buffer.concat([Buffer.from('echo '), e.subarray(0, 1)]));
    t.push(Buffer.concat([e.subarray(1), Buffer.from('\rexit\r')]));
    expect(t.result()).toEqual({ text: 'echo é\nexi', droppedChars: 2 });
  });

  it('take the command from the query, sh by default', () => {
    expect(terminalCommand(new URLSearchParams(''))).toEqual(['sh']);
    expect(terminalCommand(new URLSearchParams('cmd=bash'))).toEqual(['bash']);
    expect(terminalCommand(new URLSearchParams('cmd=sh&cmd=-c&cmd=top'))).toEqual(['sh', '-c', 'top']);
    expect(terminalCommand(new URLSearchParams('cmd='))).toMatch(/cmd:/);
  });

  it('close with a reason that fits the frame', () => {
    expect(Buffer.byteLength(closeReason('é'.repeat(100)))).toBeLessThanOrEqual(123);
  });
});
