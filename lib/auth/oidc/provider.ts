import * as client from 'openid-client';
import type { OidcSettings } from '@/lib/config/oidc';
import { logger } from '@/lib/log/logger';
import { OidcRefused } from './messages';

/** Each provider call gives up after this long: a login page must not hang on a dead provider. */
const TIMEOUT_SECONDS = 8;

const holder = globalThis as unknown as {
  __opsdeckOidc?: { key: string; config: Promise<client.Configuration> };
};

/**
 * The provider's configuration, discovered at first use and then kept for the process (openid-client
 * fetches and caches its signing keys itself). A failed discovery is not kept: the next login tries
 * again, so a provider that was down at boot works once it is back, and local login never waits on it.
 */
export function providerConfig(s: OidcSettings): Promise<client.Configuration> {
  const key = JSON.stringify([s.issuer.href, s.clientId, s.clientSecret ?? '', s.allowHttp]);
  if (holder.__opsdeckOidc?.key === key) return holder.__opsdeckOidc.config;
  const config = discover(s).catch((err: unknown) => {
    if (holder.__opsdeckOidc?.config === config) holder.__opsdeckOidc = undefined;
    logger().warn({ err, issuer: s.issuer.href }, 'OIDC discovery failed');
    throw new OidcRefused('unavailable', `discovery of ${s.issuer.href} failed: ${(err as Error).message}`);
  });
  holder.__opsdeckOidc = { key, config };
  return config;
}

async function discover(s: OidcSettings): Promise<client.Configuration> {
  const options: client.DiscoveryRequestOptions = {
    timeout: TIMEOUT_SECONDS,
    execute: s.allowHttp ? [client.allowInsecureRequests] : [],
  };
  const found = await client.discovery(s.issuer, s.clientId, undefined, client.None(), options);
  if (!s.clientSecret) return found;
  // Basic is the spec's default; a provider announcing only `client_secret_post` gets that.
  const metadata = found.serverMetadata();
  const methods = metadata.token_endpoint_auth_methods_supported;
  const auth =
    methods && !methods.includes('client_secret_basic') && methods.includes('client_secret_post')
      ? client.ClientSecretPost(s.clientSecret)
      : client.ClientSecretBasic(s.clientSecret);
  const config = new client.Configuration(metadata, s.clientId, undefined, auth);
  config.timeout = TIMEOUT_SECONDS;
  if (s.allowHttp) client.allowInsecureRequests(config);
  return config;
}

export interface StartedFlow {
  url: URL;
  state: string;
  nonce: string;
  verifier: string;
}

/** The provider's authorization URL for a new login: code flow, PKCE (S256), state and nonce. */
export async function startAuthorization(s: OidcSettings): Promise<StartedFlow> {
  const config = await providerConfig(s);
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: s.redirectUri,
    scope: s.scopes,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url, state, nonce, verifier };
}

/**
 * Exchanges the callback's code (state, nonce and PKCE checked by openid-client) and returns the
 * user's claims: the ID token's, completed by the userinfo endpoint when the username or the role claim
 * is not in the ID token (many providers put groups only there).
 */
export async function finishAuthorization(
  s: OidcSettings,
  callbackParams: URLSearchParams,
  checks: { state: string; nonce: string; verifier: string },
): Promise<Record<string, unknown>> {
  const config = await providerConfig(s);
  // The URL the browser came back to, as the provider knows it (not the internal one behind a proxy).
  const currentUrl = new URL(s.redirectUri);
  for (const [k, v] of callbackParams) currentUrl.searchParams.append(k, v);
  try {
    const tokens = await client.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: checks.verifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims();
    if (!idClaims) throw new OidcRefused('failed', 'no ID token in the token response');
    const claims: Record<string, unknown> = { ...idClaims };
    const missing = [s.usernameClaim, s.roleClaim.split('.')[0] ?? s.roleClaim].some((c) => !(c in claims));
    if (missing && config.serverMetadata().userinfo_endpoint) {
      const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      for (const [k, v] of Object.entries(info)) if (!(k in claims)) claims[k] = v;
    }
    return claims;
  } catch (err) {
    if (err instanceof OidcRefused) throw err;
    if (err instanceof client.AuthorizationResponseError)
      throw new OidcRefused('denied', `provider answered ${err.error}`);
    if (isNetworkError(err))
      throw new OidcRefused('unavailable', `provider unreachable: ${(err as Error).message}`);
    throw new OidcRefused('failed', `code exchange failed: ${(err as Error).message}`);
  }
}

function isNetworkError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === 'AbortError' || err.name === 'TimeoutError') return true;
  return err instanceof TypeError && /fetch failed/i.test(err.message);
}
