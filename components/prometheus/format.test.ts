import { describe, expect, it } from 'vitest';
import { formatBytes, formatCores, formatNumber } from './format';

describe('format', () => {
  it('formats numbers compactly', () => {
    expect(formatNumber(7)).toBe('7');
    expect(formatNumber(0.01234)).toBe('0.012');
    expect(formatNumber(12_345)).toBe('12.3k');
    expect(formatNumber(2_500_000)).toBe('2.5M');
  });
  it('formats bytes and cores', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3 MiB');
    expect(formatCores(0.25)).toBe('250m');
    expect(formatCores(1.5)).toBe('1.5 cores');
  });
});
