import { describe, expect, it } from 'vitest';
import { type AuditRow, entryHash, GENESIS_HASH, redactSecrets } from './chain';

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
