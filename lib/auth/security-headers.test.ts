import { describe, expect, it } from 'vitest';
import { FailureLimiter } from './rate-limit';
import { pageCsp, parseFrameAncestors, safeNextPath } from './security-headers';

describe('safeNextPath', () => {
  it('keeps same-origin paths and drops everything else', () => {
    expect(safeNextPath('/services/abc?tab=logs')).toBe('/services/abc?tab=logs');
    for (const bad of [
      '//evil.example',
      '/\\evil.example',
      'https://evil.example',
      'javascript:alert(1)',
      '',
      null,
    ]) {
      expect(safeNextPath(bad)).toBe('/');
    }
    expect(safeNextPath('/\nLocation: x')).toBe('/');
  });
});

describe('parseFrameAncestors', () => {
  it('accepts origins and self, nothing that could add a directive', () => {
    expect(parseFrameAncestors("https://tv.example.com, 'self' http://10.0.0.5:8080")).toEqual([
      'https://tv.example.com',
      "'self'",
      'http://10.0.0.5:8080',
    ]);
    expect(parseFrameAncestors("x; script-src 'unsafe-inline' *")).toEqual([]);
    expect(parseFrameAncestors(undefined)).toEqual([]);
  });

  it('puts them in the CSP, or none', () => {
    expect(pageCsp({ nonce: 'n', dev: false, frameAncestors: [] })).toContain("frame-ancestors 'none'");
    expect(pageCsp({ nonce: 'n', dev: false, frameAncestors: ['https://a.example'] })).toContain(
      'frame-ancestors https://a.example',
    );
    expect(pageCsp({ nonce: 'n', dev: false, frameAncestors: [] })).not.toContain('unsafe-eval');
  });
});

describe('FailureLimiter', () => {
  const policy = { freeFailures: 3, baseDelayMs: 100, maxDelayMs: 350, windowMs: 1000 };

  it('lets the free failures through, then slows down exponentially from the latest, capped', () => {
    const limiter = new FailureLimiter(policy);
    for (const t of [0, 10, 20]) {
      expect(limiter.retryAfterMs('k', t)).toBe(0);
      limiter.fail('k', t);
    }
    expect(limiter.retryAfterMs('k', 20)).toBe(100);
    limiter.fail('k', 120);
    expect(limiter.retryAfterMs('k', 120)).toBe(200);
    limiter.fail('k', 320);
    limiter.fail('k', 330);
    expect(limiter.retryAfterMs('k', 330)).toBe(350);
    expect(limiter.retryAfterMs('other', 330)).toBe(0);
    expect(limiter.retryAfterMs('k', 1400)).toBe(0);
  });

  it('takes back a reserved failure', () => {
    const limiter = new FailureLimiter(policy);
    for (const t of [0, 1, 2]) limiter.fail('k', t);
    expect(limiter.retryAfterMs('k', 2)).toBeGreaterThan(0);
    limiter.forgive('k', 2);
    expect(limiter.retryAfterMs('k', 2)).toBe(0);
  });
});
