import { describe, expect, it } from 'vitest';
import { ProbePolicy, parseExpect, parseInterval, probeSpecs } from './targets';

describe('ProbePolicy (probe URLs come from labels: hostile input)', () => {
  const open = new ProbePolicy(undefined);
  it('allows loopback by default', () => {
    for (const u of [
      'http://127.0.0.1:8080/ready',
      'https://localhost/health',
      'http://[::1]:9000/',
      'http://127.8.9.1/',
    ])
      expect(open.refusal(u)).toBeNull();
  });
  it('refuses metadata, LAN, public hosts, other schemes and credentials', () => {
    expect(open.refusal('http://169.254.169.254/latest/meta-data/')).toContain(
      'not an allowed probe address',
    );
    expect(open.refusal('http://10.0.0.5/ready')).toContain('not an allowed probe address');
    expect(open.refusal('http://example.com/')).toContain('list it in OPSDECK_PROBE_ALLOW');
    expect(open.refusal('file:///etc/passwd')).toContain('only http(s)');
    expect(open.refusal('gopher://127.0.0.1:6379/')).toContain('only http(s)');
    expect(open.refusal('http://user:pw@127.0.0.1/')).toContain('credentials');
    expect(open.refusal('http://2130706433/')).toBeNull(); // WHATWG URL reads it as 127.0.0.1
    expect(open.refusal('http://0x7f.1/')).toBeNull();
    expect(open.refusal('http://0.0.0.0/')).toContain('not an allowed');
  });
  it('allows what OPSDECK_PROBE_ALLOW lists, by range or exact name', () => {
    const p = new ProbePolicy('172.16.0.0/12, fd00::/8, api.internal');
    expect(p.refusal('http://172.18.0.4:8080/ready')).toBeNull();
    expect(p.refusal('http://[fd00::4]/')).toBeNull();
    expect(p.refusal('http://API.internal/ready')).toBeNull();
    expect(p.refusal('http://api.internal.evil.com/')).not.toBeNull();
    expect(p.refusal('http://192.168.1.1/')).not.toBeNull();
  });
});

describe('probe labels', () => {
  it('reads the probes, interval, timeout and expected status', () => {
    const { specs, errors } = probeSpecs(
      {
        'opsdeck.probe.ready': 'http://127.0.0.1:8080/ready',
        'opsdeck.probe.live': 'http://169.254.169.254/',
        'opsdeck.probe.interval': '5s',
        'opsdeck.probe.timeout': '500ms',
        'opsdeck.probe.expect': '200,204',
      },
      new ProbePolicy(undefined),
    );
    expect(specs).toEqual([
      {
        kind: 'ready',
        url: 'http://127.0.0.1:8080/ready',
        intervalMs: 5000,
        timeoutMs: 500,
        expect: [
          [200, 200],
          [204, 204],
        ],
      },
    ]);
    expect(errors).toEqual([
      'opsdeck.probe.live: 169.254.169.254 is not an allowed probe address (loopback, or OPSDECK_PROBE_ALLOW)',
    ]);
  });
  it('parses intervals and status lists, refusing nonsense', () => {
    expect(parseInterval('1m')).toBe(60_000);
    expect(parseInterval('2')).toBe(2000);
    expect(parseInterval('soon')).toBeNull();
    expect(parseExpect('200-299,404')).toEqual([
      [200, 299],
      [404, 404],
    ]);
    expect(parseExpect('600')).toBeNull();
    expect(parseExpect('abc')).toBeNull();
  });
});
