import { appendAudit } from '@/lib/audit/append';
import { claimValues, type OidcSettings, roleFor } from '@/lib/config/oidc';
import { logger } from '@/lib/log/logger';
import { safeNextPath } from '../security-headers';
import { createSession, type NewSession } from '../sessions';
import type { User } from '../users';
import { FLOW_TTL_MS, openFlow, sealFlow } from './flow-cookie';
import { OidcRefused } from './messages';
import { finishAuthorization, startAuthorization } from './provider';
import { endSessionsOfIdentity, upsertOidcUser } from './users';

/** Starts a login: the provider URL to send the browser to, and the sealed flow for its cookie. */
export async function beginOidcLogin(
  s: OidcSettings,
  next: string | undefined,
): Promise<{ url: URL; sealed: string }> {
  const flow = await startAuthorization(s);
  const sealed = sealFlow({
    state: flow.state,
    nonce: flow.nonce,
    verifier: flow.verifier,
    next: safeNextPath(next),
    exp: Date.now() + FLOW_TTL_MS,
  });
  return { url: flow.url, sealed };
}

export interface Callback {
  params: URLSearchParams;
  /** the flow cookie's value */
  sealed: string | null;
  address: string;
  requestId: string;
}

/**
 * Finishes a login at the callback: the flow cookie must open and its state match (else refused
 * before the provider is asked), then the code is exchanged, the role mapped from the claims, the user
 * found or created, and a session opened. Throws `OidcRefused`; every outcome of a real flow is audited
 * as `auth.oidc.login` (a callback without any flow cookie is noise anyone can send: logged only).
 */
export async function completeOidcLogin(
  s: OidcSettings,
  cb: Callback,
): Promise<{ user: User; session: NewSession; next: string }> {
  const flow = openFlow(cb.sealed);
  if (!flow) {
    logger().info({ requestId: cb.requestId }, 'OIDC callback without a valid flow cookie');
    throw new OidcRefused('expired', 'no valid flow cookie');
  }
  let actor: string | undefined;
  let subject: string | undefined;
  try {
    // Compared here too (openid-client checks it again), so a forged answer never reaches the provider.
    if (cb.params.get('state') !== flow.state)
      throw new OidcRefused('state', 'state does not match the flow');
    const error = cb.params.get('error');
    if (error) throw new OidcRefused('denied', `provider answered ${error.slice(0, 100)}`);
    const claims = await finishAuthorization(s, cb.params, flow);
    subject = String(claims.sub);
    // the ID token's issuer, as openid-client checked it against the discovered one
    const issuer = typeof claims.iss === 'string' ? claims.iss : s.issuer.href;
    actor = usernameOf(claims, s.usernameClaim);
    const values = claimValues(claims, s.roleClaim);
    const role = roleFor(values, s.roleMap);
    if (!role) {
      endSessionsOfIdentity(issuer, subject);
      throw new OidcRefused(
        'no-role',
        `no role for ${s.roleClaim} = [${values.join(', ').slice(0, 500)}]`,
        actor,
      );
    }
    const user = upsertOidcUser({ issuer, subject, username: actor, role });
    audit(cb, user.username, 'ok', { subject, role, [s.roleClaim]: values.slice(0, 50) });
    return { user, session: createSession(user.id), next: flow.next };
  } catch (err) {
    const refused =
      err instanceof OidcRefused ? err : new OidcRefused('failed', (err as Error).message ?? String(err));
    if (!(err instanceof OidcRefused)) logger().error({ err, requestId: cb.requestId }, 'OIDC login crashed');
    if (mayAuditRefusal(cb.address))
      audit(cb, refused.actor ?? actor ?? subject ?? 'unknown', `refused:${refused.code}`, {
        subject,
        reason: refused.detail.slice(0, 500),
      });
    else
      logger().info({ requestId: cb.requestId, code: refused.code }, 'OIDC refusal not audited (throttled)');
    throw refused;
  }
}

/** The Opsdeck user name: the configured claim, else email, else the subject; no control characters. */
export function usernameOf(claims: Record<string, unknown>, claim: string): string {
  for (const c of [claim, 'email', 'sub']) {
    const v = claims[c];
    if (typeof v !== 'string') continue;
    const name = [...v]
      .filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f)
      .join('')
      .trim()
      .slice(0, 200);
    if (name) return name;
  }
  throw new OidcRefused('failed', 'the provider gave no user name, email or subject');
}

/**
 * Anyone can start a flow and come back with a bad state, as often as they like: refusals from one
 * address are audited up to REFUSALS_AUDITED per window, then only logged, so the audit log cannot be
 * grown at will (successes are always audited).
 */
const REFUSALS_AUDITED = 20;
const REFUSAL_WINDOW_MS = 15 * 60 * 1000;
const refusals = new Map<string, { since: number; count: number }>();

function mayAuditRefusal(address: string, now = Date.now()): boolean {
  if (refusals.size > 10_000) refusals.clear();
  const seen = refusals.get(address);
  if (!seen || now - seen.since > REFUSAL_WINDOW_MS) {
    refusals.set(address, { since: now, count: 1 });
    return true;
  }
  seen.count += 1;
  return seen.count <= REFUSALS_AUDITED;
}

function audit(cb: Callback, actor: string, result: string, params: Record<string, unknown>): void {
  appendAudit({
    actor,
    actorKind: 'user',
    address: cb.address,
    action: 'auth.oidc.login',
    target: actor,
    serviceId: null,
    params,
    result,
    requestId: cb.requestId,
  });
}
