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
  it('blocks after the limit within the window and frees after it', () => {
    const limiter = new FailureLimiter(3, 1000);
    for (const t of [0, 100, 200]) limiter.fail('k', t);
    expect(limiter.retryAfterMs('k', 300)).toBe(700);
    expect(limiter.retryAfterMs('k', 1001)).toBe(0);
    expect(limiter.retryAfterMs('other', 300)).toBe(0);
  });
});
