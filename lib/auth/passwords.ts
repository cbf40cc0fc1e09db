import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** argon2id with the library's defaults (19 MiB, t=2): the OWASP baseline. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies a password; for an unknown user pass `null` and a throwaway hash with the same
 * parameters is checked instead, so a failure takes the same time whether or not the user exists.
 */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  dummyHash ??= hash(randomBytes(24).toString('base64'));
  const against = storedHash ?? (await dummyHash);
  let ok = false;
  try {
    ok = await verify(against, password);
  } catch {
    ok = false;
  }
  return ok && storedHash !== null;
}
