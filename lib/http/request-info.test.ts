import { afterEach, describe, expect, it } from 'vitest';
import { isHttps } from '@/lib/auth/cookies';
import { checkCsrf } from '@/lib/auth/csrf';
import { PEER_HEADER, PEER_SECRET_HEADER } from '@/lib/auth/peer';
import { principalFromProxy } from '@/lib/auth/proxy-auth';
import type { Principal } from '@/lib/auth/types';
import { resetEnvCache } from '@/lib/config/env';
import { clientAddress } from './request-info';

const SECRET = 's'.repeat(43);

function request(headers: Record<string, string>): Request {
  return new Request('http://x/api', { headers });
}
const stamped = (peer: string, extra: Record<string, string> = {}) =>
  request({ [PEER_HEADER]: peer, [PEER_SECRET_HEADER]: SECRET, ...extra });

function configure(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
}

afterEach(() =>
  configure({
    OPSDECK_PEER_SECRET: undefined,
    OPSDECK_TRUSTED_PROXIES: undefined,
    OPSDECK_AUTH_PROXY_HEADER: undefined,
    OPSDECK_AUTH_PROXY_ADDRESSES: undefined,
  }),
);

describe('clientAddress', () => {
  it('believes a peer header only with the per-boot secret of scripts/start.mjs', () => {
    configure({ OPSDECK_PEER_SECRET: SECRET });
    expect(clientAddress(stamped('::ffff:10.0.0.7'))).toBe('10.0.0.7');
    expect(clientAddress(request({ [PEER_HEADER]: '10.0.0.7' }))).toBe('unknown');
    expect(clientAddress(request({ [PEER_HEADER]: '10.0.0.7', [PEER_SECRET_HEADER]: 'x'.repeat(43) }))).toBe(
      'unknown',
    );
    // `next start` / `next dev`: no secret was made, so nothing a client sends is a peer.
    configure({ OPSDECK_PEER_SECRET: undefined });
    expect(clientAddress(stamped('10.0.0.7'))).toBe('unknown');
  });

  it('never takes X-Forwarded-For from an untrusted peer', () => {
    configure({ OPSDECK_PEER_SECRET: SECRET, OPSDECK_TRUSTED_PROXIES: '172.18.0.1' });
    expect(clientAddress(stamped('10.0.0.7', { 'x-forwarded-for': '1.2.3.4' }))).toBe('10.0.0.7');
    expect(clientAddress(request({ 'x-forwarded-for': '1.2.3.4' }))).toBe('unknown');
  });

  it('behind trusted proxies: the rightmost address that is not one of them', () => {
    configure({ OPSDECK_PEER_SECRET: SECRET, OPSDECK_TRUSTED_PROXIES: '172.18.0.1, 10.9.0.2' });
    const via = (xff: string) => clientAddress(stamped('172.18.0.1', { 'x-forwarded-for': xff }));
    // A client's own forged entries are on the left; the proxies appended the real one.
    expect(via('6.6.6.6, 203.0.113.9')).toBe('203.0.113.9');
    expect(via('203.0.113.9, 10.9.0.2')).toBe('203.0.113.9');
    expect(via('10.9.0.2')).toBe('10.9.0.2');
    expect(clientAddress(stamped('172.18.0.1'))).toBe('172.18.0.1');
  });
});

describe('proxy auth', () => {
  it('needs the stamped peer and matches user names exactly', () => {
    configure({
      OPSDECK_PEER_SECRET: SECRET,
      OPSDECK_AUTH_PROXY_HEADER: 'x-remote-user',
      OPSDECK_AUTH_PROXY_ADDRESSES: '127.0.0.1',
    });
    // No local users in this unit test: a name maps to a viewer; `findUserByName` is not reached
    // when the peer is not proven.
    expect(principalFromProxy(request({ 'x-remote-user': 'a', [PEER_HEADER]: '127.0.0.1' }))).toBeNull();
  });
});

describe('X-Forwarded-Proto/-Host', () => {
  const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example', host: 'x' };
  const session = { kind: 'user', via: 'session' } as unknown as Principal;
  const post = (peer: string, origin: string) =>
    new Request('http://x/api', {
      method: 'POST',
      headers: { [PEER_HEADER]: peer, [PEER_SECRET_HEADER]: SECRET, origin, ...forwarded },
    });

  it('are a claim from any peer but a trusted proxy: https and the origin stay what the socket says', () => {
    configure({ OPSDECK_PEER_SECRET: SECRET, OPSDECK_TRUSTED_PROXIES: '10.0.0.1' });
    expect(isHttps(stamped('10.0.0.9', forwarded))).toBe(false);
    expect(() => checkCsrf(post('10.0.0.9', 'https://evil.example'), session)).toThrow(/Cross-site/);
    expect(() => checkCsrf(post('10.0.0.9', 'http://x'), session)).not.toThrow();
    // without the per-boot secret nothing proves the peer, so nothing forwarded is believed either
    expect(isHttps(request(forwarded))).toBe(false);
  });

  it('from a trusted proxy say what the browser sees', () => {
    configure({ OPSDECK_PEER_SECRET: SECRET, OPSDECK_TRUSTED_PROXIES: '10.0.0.1' });
    expect(isHttps(stamped('10.0.0.1', forwarded))).toBe(true);
    expect(() => checkCsrf(post('10.0.0.1', 'https://evil.example'), session)).not.toThrow();
    expect(() => checkCsrf(post('10.0.0.1', 'http://x'), session)).toThrow(/Cross-site/);
  });
});
