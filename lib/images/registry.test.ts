import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReference } from './reference';
import { MANIFEST_ACCEPT, parseChallenge, remoteDigest } from './registry';

/**
 * The bearer-token dance against a stand-in registry and token service on loopback. A stand-in
 * because the real registry's token auth needs a separate token server signing JWTs with a
 * certificate chain; the anonymous and down cases run against the real registry
 * (tests/integration/images.test.ts).
 */
const DIGEST = `sha256:${'c'.repeat(64)}`;
let server: http.Server;
let base = '';
const seen: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? '-'}`);
    if (req.url?.startsWith('/token')) {
      const url = new URL(req.url, base);
      const basic = `Basic ${Buffer.from('bot:pw').toString('base64')}`;
      if (req.headers.authorization !== basic) return res.writeHead(401).end();
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ token: `tok-${url.searchParams.get('scope')}` }));
    }
    if (req.url === '/v2/demo/app/manifests/1') {
      if (req.headers.accept !== MANIFEST_ACCEPT) return res.writeHead(400).end();
      if (req.headers.authorization !== 'Bearer tok-repository:demo/app:pull') {
        res.writeHead(401, {
          'www-authenticate': `Bearer realm="${base}/token",service="test-registry",scope="repository:demo/app:pull"`,
        });
        return res.end();
      }
      res.writeHead(200, { 'docker-content-digest': DIGEST });
      return res.end();
    }
    if (req.url === '/v2/demo/nodigest/manifests/1') {
      res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' });
      return res.end(req.method === 'GET' ? '{"schemaVersion":2}' : undefined);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

const ref = (path: string) => {
  const r = parseReference(`${base.replace('http://', '')}/${path}`);
  if (!r) throw new Error('unparsed');
  return r;
};

describe('remoteDigest', () => {
  it('answers a Bearer challenge with a token fetched using the credentials, then HEADs again', async () => {
    seen.length = 0;
    const digest = await remoteDigest(ref('demo/app:1'), {
      credentials: { username: 'bot', password: 'pw' },
      insecure: [],
    });
    expect(digest).toBe(DIGEST);
    expect(seen[0]).toMatch(/^HEAD \/v2\/demo\/app\/manifests\/1 -$/);
    expect(seen[1]).toMatch(
      /^GET \/token\?service=test-registry&scope=repository%3Ademo%2Fapp%3Apull Basic /,
    );
    expect(seen[2]).toBe('HEAD /v2/demo/app/manifests/1 Bearer tok-repository:demo/app:pull');
  });

  it('says why when the token service refuses, or the tag is unknown', async () => {
    await expect(
      remoteDigest(ref('demo/app:1'), { credentials: { username: 'bot', password: 'no' }, insecure: [] }),
    ).rejects.toThrow(/token service .* answered 401/);
    await expect(remoteDigest(ref('demo/app:2'), { credentials: null, insecure: [] })).rejects.toThrow(
      /demo\/app:2 is not in registry .*\(404\)/,
    );
  });

  it('hashes the manifest when the registry sends no digest header', async () => {
    const digest = await remoteDigest(ref('demo/nodigest:1'), { credentials: null, insecure: [] });
    // sha256 of '{"schemaVersion":2}'
    const { createHash } = await import('node:crypto');
    expect(digest).toBe(`sha256:${createHash('sha256').update('{"schemaVersion":2}').digest('hex')}`);
  });
});

describe('parseChallenge', () => {
  it('reads the scheme and quoted parameters', () => {
    expect(
      parseChallenge(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/redis:pull"',
      ),
    ).toEqual({
      scheme: 'bearer',
      params: {
        realm: 'https://auth.docker.io/token',
        service: 'registry.docker.io',
        scope: 'repository:library/redis:pull',
      },
    });
    expect(parseChallenge('Basic realm="x"')).toEqual({ scheme: 'basic', params: { realm: 'x' } });
    expect(parseChallenge(null)).toBeNull();
  });
});
