import { describe, expect, it } from 'vitest';
import { readCapped } from './read-capped';

/** An endless stream of 1 KiB chunks that records how far it was read and whether it was cancelled. */
function endless() {
  const seen = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      seen.pulled++;
      controller.enqueue(new Uint8Array(1024).fill(97));
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  return { stream, seen };
}

describe('readCapped', () => {
  it('returns every byte of a body within the cap', async () => {
    const body = new Response('hello, world').body;
    expect(new TextDecoder().decode(await readCapped(body, 12, () => new Error('too large')))).toBe(
      'hello, world',
    );
    expect(await readCapped(null, 0, () => new Error('too large'))).toEqual(new Uint8Array(0));
  });

  it('stops an endless body one chunk past the cap, cancels it, and throws the caller’s error', async () => {
    const { stream, seen } = endless();
    await expect(readCapped(stream, 10 * 1024, () => new Error('over the cap'))).rejects.toThrow(
      'over the cap',
    );
    expect(seen.cancelled).toBe(true);
    // read up to the 11th chunk (the one that crossed), plus at most the stream's read-ahead
    expect(seen.pulled).toBeGreaterThanOrEqual(11);
    expect(seen.pulled).toBeLessThanOrEqual(13);
  });
});
