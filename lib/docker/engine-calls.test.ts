import { describe, expect, it } from 'vitest';
import { ENGINE_CALLS, matchEngineCall } from './engine-calls';

describe('ENGINE_CALLS', () => {
  it('has unique names, unique method+path pairs and well-formed patterns', () => {
    const names = ENGINE_CALLS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    const pairs = ENGINE_CALLS.map((c) => `${c.method} ${c.path}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    for (const c of ENGINE_CALLS) {
      expect(c.path).toMatch(/^(\/([a-z_]+|\{[a-z]+\*?\}))+$/);
      expect(c.why.length).toBeGreaterThan(10);
    }
  });

  it('matches the requests dockerode sends, and nothing else', () => {
    expect(matchEngineCall('GET', '/containers/json?all=true')?.name).toBe('containers.list');
    expect(matchEngineCall('GET', '/containers/abc123/json?')?.name).toBe('container.inspect');
    expect(matchEngineCall('DELETE', '/containers/abc123?force=true')?.name).toBe('container.remove');
    expect(matchEngineCall('GET', '/v1.45/events?since=1')?.name).toBe('events');
    expect(matchEngineCall('GET', '/images/ghcr.io/org/app:1.2/json')?.name).toBe('image.inspect');
    expect(matchEngineCall('POST', '/services/x/update?version=3')?.name).toBe('service.update');
    expect(matchEngineCall('POST', '/containers/abc/pause')).toBeNull();
    expect(matchEngineCall('DELETE', '/images/nginx')?.name).toBe('image.remove');
    expect(matchEngineCall('POST', '/images/nginx/push')).toBeNull();
    expect(matchEngineCall('POST', '/images/prune')).toBeNull();
    expect(matchEngineCall('POST', '/containers/abc/json')).toBeNull();
    expect(matchEngineCall('GET', '/containers/a/b/json')).toBeNull();
    expect(matchEngineCall('POST', '/swarm/leave')).toBeNull();
  });
});

describe('the engine client', () => {
  it('uses every listed call, and only listed ones', async () => {
    const { readFileSync } = await import('node:fs');
    const source = readFileSync(new URL('./engine.ts', import.meta.url), 'utf8');
    const used = new Set([...source.matchAll(/via\(\s*'([^']+)'/g)].map((m) => m[1]));
    expect([...used].sort()).toEqual(ENGINE_CALLS.map((c) => c.name).sort());
  });
});
