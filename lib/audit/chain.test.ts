import { describe, expect, it } from 'vitest';
import { type AuditRow, entryHash, GENESIS_HASH, redactSecrets, rowHash } from './chain';

const row = (seq: number, prev: string): Omit<AuditRow, 'hash'> => ({
  seq,
  at: '2026-01-01T00:00:00.000Z',
  actor: 'admin',
  actor_kind: 'user',
  address: '127.0.0.1',
  action: 'services.restart',
  target: 'shop/web',
  service_id: null,
  params: '{}',
  result: 'ok',
  request_id: 'r1',
  on_behalf_of: null,
  mac: 0,
  prev_hash: prev,
});

describe('audit chain', () => {
  it('hashes every field, including the link to the previous entry', () => {
    const base = entryHash(row(1, GENESIS_HASH));
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash({ ...row(1, GENESIS_HASH), result: 'error:500' })).not.toBe(base);
    expect(entryHash({ ...row(1, GENESIS_HASH), seq: 2 })).not.toBe(base);
    expect(entryHash(row(1, base))).not.toBe(base);
  });

  it('keys new rows: without the key the hash cannot be recomputed; legacy rows keep sha256', () => {
    const key = Buffer.from('k'.repeat(32));
    const keyed = { ...row(1, GENESIS_HASH), mac: 1 };
    const mac = rowHash(keyed, key);
    expect(mac).toMatch(/^[0-9a-f]{64}$/);
    expect(mac).not.toBe(entryHash(keyed));
    expect(rowHash(keyed, Buffer.from('x'.repeat(32)))).not.toBe(mac);
    expect(rowHash({ ...keyed, on_behalf_of: 'u1' }, key)).not.toBe(mac);
    expect(rowHash(row(1, GENESIS_HASH), key)).toBe(entryHash(row(1, GENESIS_HASH)));
  });

  it('redacts secret-looking keys at any depth, keeping the rest', () => {
    expect(
      redactSecrets({
        body: { username: 'a', password: 'p', nested: [{ apiToken: 't', keep: 1 }] },
        clientSecret: 's',
      }),
    ).toEqual({
      body: { username: 'a', password: '[redacted]', nested: [{ apiToken: '[redacted]', keep: 1 }] },
      clientSecret: '[redacted]',
    });
  });
});
