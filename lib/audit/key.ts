import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { env } from '@/lib/config/env';
import { logger } from '@/lib/log/logger';

const holder = globalThis as unknown as { __opsdeckAuditKey?: Buffer };

/** Where the generated key lives unless OPSDECK_AUDIT_KEY_FILE says otherwise. */
export function auditKeyFile(): string {
  return path.resolve(env().OPSDECK_AUDIT_KEY_FILE ?? path.join(env().dataDir, 'audit.key'));
}

/**
 * The HMAC key of the audit chain. Whoever can write the database but not read this key cannot
 * recompute the chain after editing it. From OPSDECK_AUDIT_KEY, else a file (0600) made with 32 random
 * bytes on first use: put it on another volume or in a secret (OPSDECK_AUDIT_KEY_FILE) to keep it
 * out of reach of a database-only compromise. Losing the key makes existing entries unverifiable.
 */
export function auditKey(): Buffer {
  if (holder.__opsdeckAuditKey) return holder.__opsdeckAuditKey;
  const fromEnv = env().OPSDECK_AUDIT_KEY;
  let key: Buffer;
  if (fromEnv) key = Buffer.from(fromEnv, 'utf8');
  else {
    const file = auditKeyFile();
    if (!fs.existsSync(file)) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      try {
        // wx: never overwrite a key another process just made
        fs.writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
        logger().info({ file }, 'created the audit chain key');
      } catch (err) {
        if ((err as { code?: string }).code !== 'EEXIST') throw err;
      }
    }
    const text = fs.readFileSync(file, 'utf8').trim();
    if (text.length < 32) throw new Error(`${file}: the audit key must be at least 32 characters`);
    key = Buffer.from(text, 'utf8');
  }
  holder.__opsdeckAuditKey = key;
  return key;
}

/** For tests that switch data directories or keys. */
export function resetAuditKey(): void {
  holder.__opsdeckAuditKey = undefined;
}
