import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { engineCallsJson } from './engine-calls';

describe('deploy/socket-proxy/engine-calls.json', () => {
  it('is the ENGINE_CALLS list (regenerate: node deploy/socket-proxy/gen-engine-calls.mjs)', () => {
    const file = new URL('../../deploy/socket-proxy/engine-calls.json', import.meta.url);
    const written = fs.readFileSync(file, 'utf8');
    expect(written, 'stale: run node deploy/socket-proxy/gen-engine-calls.mjs').toBe(
      `${JSON.stringify(engineCallsJson(), null, 2)}\n`,
    );
  });
});
