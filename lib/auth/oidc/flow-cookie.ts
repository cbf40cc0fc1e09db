import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * The pending login between `/oidc/login` and `/oidc/callback`: state, nonce, PKCE verifier and where
 * to go after. It rides in a short-lived HttpOnly cookie, sealed with AES-256-GCM under a key that only
 * this process holds: nothing is kept server-side (no table of half-done logins anyone could fill),
 * the browser can neither read the verifier nor forge a flow, and a restart just asks to sign in again.
 */
export const OIDC_FLOW_COOKIE = 'opsdeck_oidc';
/** The cookie travels only to the callback. */
export const OIDC_FLOW_PATH = '/api/v1/auth/oidc';
export const FLOW_TTL_MS = 10 * 60 * 1000;

const flowSchema = z.object({
  state: z.string().min(1),
  nonce: z.string().min(1),
  verifier: z.string().min(1),
  next: z.string(),
  /** epoch ms after which the flow is refused */
  exp: z.number(),
});
export type PendingFlow = z.infer<typeof flowSchema>;

const holder = globalThis as unknown as { __opsdeckOidcKey?: Buffer };
const key = () => {
  holder.__opsdeckOidcKey ??= randomBytes(32);
  return holder.__opsdeckOidcKey;
};

export function sealFlow(flow: PendingFlow): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(flow), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The flow, or null when the cookie is missing, forged, from another process, or expired. */
export function openFlow(sealed: string | null, now = Date.now()): PendingFlow | null {
  if (!sealed || sealed.length > 4096) return null;
  try {
    const raw = Buffer.from(sealed, 'base64url');
    if (raw.length < 29) return null;
    const decipher = createDecipheriv('aes-256-gcm', key(), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    const flow = flowSchema.parse(JSON.parse(text));
    return flow.exp > now ? flow : null;
  } catch {
    return null;
  }
}
